package org.elasticsearch.plugins;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.plugins.spi.SPIClassIterator;

/**
 * What the class-path plugins service does alike on 8.17 and 9.1 (es8/, es9/ ClasspathPluginsService
 * differ only in PluginsService's constructor and LoadedPlugin): the nodes' plugin info and the
 * service providers of class-path plugins, after the test framework's MockPluginsService. In this
 * package for PluginsService.createExtension, which is package-private.
 */
final class ClasspathExtensions {

    private ClasspathExtensions() {}

    static PluginsAndModules info(List<PluginsService.LoadedPlugin> plugins) {
        return new PluginsAndModules(plugins.stream().map(PluginsService.LoadedPlugin::descriptor).map(PluginRuntimeInfo::new).toList(),
                List.of());
    }

    static <T> List<? extends T> serviceProviders(Class<T> service, List<PluginsService.LoadedPlugin> plugins) {
        Set<T> result = new HashSet<>();
        for (PluginsService.LoadedPlugin p : plugins) {
            result.addAll(compatibleExtensions(service, p.instance()));
        }
        return List.copyOf(result);
    }

    private static <T> List<? extends T> compatibleExtensions(Class<T> type, Plugin plugin) {
        SPIClassIterator<T> it = SPIClassIterator.get(type, plugin.getClass().getClassLoader());
        List<T> extensions = new ArrayList<>();
        while (it.hasNext()) {
            Class<? extends T> c = it.next();
            boolean compatible = true;
            for (Constructor<?> k : c.getConstructors()) {
                if (k.getParameterCount() == 1 && k.getParameterTypes()[0] != plugin.getClass()) {
                    compatible = false;
                    break;
                }
            }
            if (compatible) {
                extensions.add(PluginsService.createExtension(c, type, plugin));
            }
        }
        return extensions;
    }
}

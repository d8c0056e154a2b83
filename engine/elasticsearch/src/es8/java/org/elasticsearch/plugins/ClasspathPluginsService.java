package org.elasticsearch.plugins;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.elasticsearch.Version;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.spi.SPIClassIterator;

/** ES 8.17: plugins from the class path, after the test framework's MockPluginsService (not on Maven Central). */
public class ClasspathPluginsService extends PluginsService {

    private final List<LoadedPlugin> classpathPlugins;

    public ClasspathPluginsService(Settings settings, Environment environment, Collection<Class<? extends Plugin>> classes) {
        super(settings, environment.configFile(), environment.modulesFile(), environment.pluginsFile());
        List<LoadedPlugin> loaded = new ArrayList<>();
        for (Class<? extends Plugin> pluginClass : classes) {
            Plugin plugin = loadPlugin(pluginClass, settings, environment.configFile());
            PluginDescriptor descriptor = new PluginDescriptor(pluginClass.getName(), "classpath plugin", "NA",
                    Version.CURRENT.toString(), Integer.toString(Runtime.version().feature()), pluginClass.getName(),
                    null, List.of(), false, false, false, false);
            loaded.add(new LoadedPlugin(descriptor, plugin, pluginClass.getClassLoader(), ModuleLayer.boot()));
        }
        this.classpathPlugins = List.copyOf(loaded);
    }

    /** The server is not a named module on the class path: no qualified exports to add (the stock one throws). */
    @Override
    protected void addServerExportsService(java.util.Map<String, List<org.elasticsearch.jdk.ModuleQualifiedExportsService>> exports) {
    }

    @Override
    protected final List<LoadedPlugin> plugins() {
        return classpathPlugins;
    }

    @Override
    public PluginsAndModules info() {
        return new PluginsAndModules(classpathPlugins.stream().map(LoadedPlugin::descriptor).map(PluginRuntimeInfo::new).toList(),
                List.of());
    }

    @Override
    public <T> List<? extends T> loadServiceProviders(Class<T> service) {
        Set<T> result = new HashSet<>();
        for (LoadedPlugin p : plugins()) {
            result.addAll(compatibleExtensions(service, p.instance()));
        }
        return List.copyOf(result);
    }

    static <T> List<? extends T> compatibleExtensions(Class<T> type, Plugin plugin) {
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
                extensions.add(createExtension(c, type, plugin));
            }
        }
        return extensions;
    }
}

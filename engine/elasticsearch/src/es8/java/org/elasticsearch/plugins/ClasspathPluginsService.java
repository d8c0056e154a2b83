package org.elasticsearch.plugins;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.elasticsearch.Version;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;

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
        return ClasspathExtensions.info(classpathPlugins);
    }

    @Override
    public <T> List<? extends T> loadServiceProviders(Class<T> service) {
        return ClasspathExtensions.serviceProviders(service, plugins());
    }
}

package dev.sessionreplay.engine;

import java.util.Collection;
import java.util.List;

import org.opensearch.Version;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.env.Environment;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.PluginInfo;

/**
 * The OpenSearch 3.x node with its modules on the class path (built by ../../../../../pom.xml only).
 * What differs from 2.19: the modules' plugin classes are named *ModulePlugin, and the protected
 * constructor takes PluginInfo descriptors instead of plugin classes.
 */
final class EngineNode extends Node {

    private static final List<Class<? extends Plugin>> PLUGINS = List.of(
            org.opensearch.transport.Netty4ModulePlugin.class,
            org.opensearch.analysis.common.CommonAnalysisModulePlugin.class,
            org.opensearch.painless.PainlessModulePlugin.class,
            org.opensearch.ingest.common.IngestCommonModulePlugin.class,
            org.opensearch.index.mapper.MapperExtrasModulePlugin.class,
            org.opensearch.index.reindex.ReindexModulePlugin.class);

    private EngineNode(Environment environment, Collection<PluginInfo> plugins) {
        super(environment, plugins, true);
    }

    static Node create(Environment environment) {
        List<PluginInfo> descriptors = PLUGINS.stream()
                .map(plugin -> new PluginInfo(plugin.getName(), "classpath plugin", "NA", Version.CURRENT,
                        Runtime.version().feature() + "", plugin.getName(), List.of(), false))
                .toList();
        return new EngineNode(environment, descriptors);
    }

    @Override
    protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {
        // The stock listener wires logging context that an embedded node does not have.
    }
}

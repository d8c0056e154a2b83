package dev.sessionreplay.engine;

import java.util.Collection;
import java.util.List;

import org.opensearch.cluster.service.ClusterService;
import org.opensearch.env.Environment;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;

/** The OpenSearch 2.19 node with its modules on the class path (built by ../../pom.xml only). */
final class EngineNode extends Node {

    private static final List<Class<? extends Plugin>> PLUGINS = List.of(
            org.opensearch.transport.Netty4Plugin.class,
            org.opensearch.analysis.common.CommonAnalysisPlugin.class,
            org.opensearch.painless.PainlessPlugin.class,
            org.opensearch.ingest.common.IngestCommonPlugin.class,
            org.opensearch.index.mapper.MapperExtrasPlugin.class,
            org.opensearch.index.reindex.ReindexPlugin.class);

    /** The constructor that takes class-path plugins is protected: hence the subclass. */
    private EngineNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
        super(environment, plugins, true);
    }

    static Node create(Environment environment) {
        return new EngineNode(environment, PLUGINS);
    }

    @Override
    protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {
        // The stock listener wires logging context that an embedded node does not have.
    }
}

package dev.sessionreplay.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;

/**
 * Runs a single-node OpenSearch 2.19 inside this JVM, without the distribution's launcher
 * (which refuses to run as root and needs a full install). Used for development, tests and
 * benchmarks of the Grafana plugin.
 *
 * Arguments: --port N (HTTP, default 9200), --data DIR (fresh directory, default a temp dir),
 * --keep-data (do not delete the data directory on exit).
 * Prints "ENGINE READY <url>" on stdout when the REST layer accepts requests.
 */
public final class EmbeddedOpenSearch {

    private static final List<Class<? extends Plugin>> PLUGINS = List.of(
            org.opensearch.transport.Netty4Plugin.class,
            org.opensearch.analysis.common.CommonAnalysisPlugin.class,
            org.opensearch.painless.PainlessPlugin.class,
            org.opensearch.ingest.common.IngestCommonPlugin.class,
            org.opensearch.index.mapper.MapperExtrasPlugin.class,
            org.opensearch.index.reindex.ReindexPlugin.class);

    /** Node subclass: the public constructor that takes classpath plugins is protected. */
    static final class ClasspathNode extends Node {
        ClasspathNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }

        @Override
        protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {
            // The stock listener wires logging context that an embedded node does not have.
        }
    }

    public static void main(String[] args) throws Exception {
        int port = 9200;
        Path data = null;
        boolean keepData = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port": port = Integer.parseInt(args[++i]); break;
                case "--data": data = Paths.get(args[++i]); break;
                case "--keep-data": keepData = true; break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path home = data != null ? data : Files.createTempDirectory("embedded-opensearch-");
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));

        Settings settings = Settings.builder()
                .put("cluster.name", "session-replay-errors-dev")
                .put("node.name", "embedded")
                .put("discovery.type", "single-node")
                .put("network.host", "127.0.0.1")
                .put("http.port", Integer.toString(port))
                // Transport is internal to the node; any free port will do.
                .put("transport.port", "0")
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("http.cors.enabled", false)
                .put("action.auto_create_index", true)
                .build();

        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Collections.emptyMap(),
                home.resolve("config"), () -> "embedded");
        Node node = new ClasspathNode(environment, PLUGINS);
        CountDownLatch stopped = new CountDownLatch(1);
        final boolean deleteOnExit = !keepData;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (IOException e) {
                System.err.println("shutdown: " + e.getMessage());
            }
            if (deleteOnExit) {
                deleteRecursively(home);
            }
            stopped.countDown();
        }, "embedded-opensearch-shutdown"));
        node.start();
        System.out.println("ENGINE READY http://127.0.0.1:" + port);
        System.out.flush();
        // Closing stdin (the parent died or asked us to stop) also stops the engine.
        Thread stdinWatcher = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // ignore input
                }
            } catch (IOException ignored) {
                // treat as closed
            }
            System.exit(0);
        }, "stdin-watcher");
        stdinWatcher.setDaemon(true);
        if (System.getenv("ENGINE_WATCH_STDIN") != null) {
            stdinWatcher.start();
        }
        stopped.await();
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}

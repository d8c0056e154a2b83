package dev.sessionreplay.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;

/**
 * Runs one OpenSearch node inside this JVM, without the distribution's launcher (which refuses to
 * run as root and needs a full install). Used for development, tests and benchmarks of the Grafana
 * plugin. The same source serves OpenSearch 2.19 (../../pom.xml) and 3.x (opensearch-3/pom.xml);
 * only EngineNode differs between them.
 *
 * Arguments: --port N (HTTP, default 9200), --data DIR (fresh directory, default a temp dir),
 * --keep-data (do not delete the data directory on exit).
 * A node of a cluster (alone it is a single-node cluster) also takes: --cluster-name NAME,
 * --node-name NAME, --transport-port N, --seed-hosts host:port,... (the other nodes' transport
 * addresses) and --initial-cluster-managers name,... (the nodes that bootstrap the first election).
 * Prints "ENGINE READY <url>" on stdout when the REST layer accepts requests.
 */
public final class EmbeddedOpenSearch {

    public static void main(String[] args) throws Exception {
        int port = 9200;
        Path data = null;
        boolean keepData = false;
        String clusterName = "session-replay-errors-dev";
        String nodeName = "embedded";
        String transportPort = "0";
        String seedHosts = null;
        String initialClusterManagers = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port": port = Integer.parseInt(args[++i]); break;
                case "--data": data = Paths.get(args[++i]); break;
                case "--keep-data": keepData = true; break;
                case "--cluster-name": clusterName = args[++i]; break;
                case "--node-name": nodeName = args[++i]; break;
                case "--transport-port": transportPort = args[++i]; break;
                case "--seed-hosts": seedHosts = args[++i]; break;
                case "--initial-cluster-managers": initialClusterManagers = args[++i]; break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path home = data != null ? data : Files.createTempDirectory("embedded-opensearch-");
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));

        Settings.Builder settings = Settings.builder()
                .put("cluster.name", clusterName)
                .put("node.name", nodeName)
                .put("network.host", "127.0.0.1")
                .put("http.port", Integer.toString(port))
                // A single node's transport is internal to it: any free port will do.
                .put("transport.port", transportPort)
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("http.cors.enabled", false)
                .put("action.auto_create_index", true);
        if (seedHosts == null) {
            settings.put("discovery.type", "single-node");
        } else {
            settings.putList("discovery.seed_hosts", List.of(seedHosts.split(",")));
            if (initialClusterManagers != null) {
                settings.putList("cluster.initial_cluster_manager_nodes", List.of(initialClusterManagers.split(",")));
            }
        }

        final String name = nodeName;
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings.build(), Collections.emptyMap(),
                home.resolve("config"), () -> name);
        Node node = EngineNode.create(environment);
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

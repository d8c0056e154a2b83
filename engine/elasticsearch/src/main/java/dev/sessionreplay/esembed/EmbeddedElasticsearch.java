package dev.sessionreplay.esembed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.EsEmbedNode;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.Plugin;

/**
 * One Elasticsearch node in this JVM, from the Maven Central server jar, with transport-netty4 as a
 * class-path plugin (the way ES's test framework MockNode does it). Same arguments as the project's
 * EmbeddedOpenSearch: --port, --data, --keep-data, --cluster-name, --node-name, --transport-port,
 * --seed-hosts, --initial-master-nodes, --roles (comma-separated node.roles). Prints "ENGINE READY <url>" when started.
 */
public final class EmbeddedElasticsearch {

    public static void main(String[] args) throws Exception {
        int port = 9400;
        Path data = null;
        boolean keepData = false;
        String clusterName = "es-embed";
        String nodeName = "embedded";
        String transportPort = "9420";
        String seedHosts = null;
        String initialMasters = null;
        String roles = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port": port = Integer.parseInt(args[++i]); break;
                case "--data": data = Paths.get(args[++i]); break;
                case "--keep-data": keepData = true; break;
                case "--cluster-name": clusterName = args[++i]; break;
                case "--node-name": nodeName = args[++i]; break;
                case "--transport-port": transportPort = args[++i]; break;
                case "--seed-hosts": seedHosts = args[++i]; break;
                case "--initial-master-nodes": initialMasters = args[++i]; break;
                case "--roles": roles = args[++i]; break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        long t0 = System.nanoTime();
        Path home = data != null ? data : Files.createTempDirectory("embedded-es-");
        for (String d : new String[] {"config", "data", "logs", "modules", "plugins"}) {
            Files.createDirectories(home.resolve(d));
        }

        Settings.Builder settings = Settings.builder()
                .put("cluster.name", clusterName)
                .put("node.name", nodeName)
                .put("network.host", "127.0.0.1")
                .put("http.port", Integer.toString(port))
                .put("transport.port", transportPort)
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("action.auto_create_index", true);
        if (seedHosts == null) {
            settings.put("discovery.type", "single-node");
        } else {
            settings.putList("discovery.seed_hosts", List.of(seedHosts.split(",")));
            if (initialMasters != null) {
                settings.putList("cluster.initial_master_nodes", List.of(initialMasters.split(",")));
            }
        }
        if (roles != null) {
            settings.putList("node.roles", List.of(roles.split(",")));
        }
        Settings built = settings.build();
        // ES's own logging facade must be wired to log4j before any node class logs.
        LogConfigurator.configureESLogging();
        LogConfigurator.configureWithoutConfig(built);

        final String name = nodeName;
        Environment environment = InternalSettingsPreparer.prepareEnvironment(built, Collections.emptyMap(),
                home.resolve("config"), () -> name);
        List<Class<? extends Plugin>> plugins = List.of(org.elasticsearch.transport.netty4.Netty4Plugin.class);
        Node node = EsEmbedNode.create(environment, plugins);
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
        }, "embedded-es-shutdown"));
        node.start();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("ENGINE READY http://127.0.0.1:" + port + " (started in " + ms + " ms)");
        System.out.flush();
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

package org.akimmonitor.engine;

import static org.codelibs.opensearch.runner.OpenSearchRunner.newConfigs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Starts one OpenSearch node on 127.0.0.1 and keeps it running until the JVM
 * is told to stop (SIGTERM); then closes it cleanly.
 *
 * Usage: TestNode HTTP_PORT BASE_DIR URL_FILE [OWNER_PID]
 * The URL file is written only once the cluster is yellow, so a reader that
 * sees it can use the node at once. With OWNER_PID (e.g. the pytest process)
 * the node also stops when that process ends, so a killed test run does not
 * leave a JVM behind.
 */
public final class TestNode {

    private TestNode() {
    }

    public static void main(final String[] args) throws Exception {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: TestNode HTTP_PORT BASE_DIR URL_FILE [OWNER_PID]");
            System.exit(64);
        }
        final int port = Integer.parseInt(args[0]);
        final Path base = Paths.get(args[1]).toAbsolutePath();
        final Path urlFile = Paths.get(args[2]).toAbsolutePath();

        final long owner = args.length == 4 ? Long.parseLong(args[3]) : 0L;
        if (owner > 0) {
            ProcessHandle.of(owner).ifPresentOrElse(
                    handle -> handle.onExit().thenRun(() -> System.exit(0)),
                    () -> System.exit(0));
        }

        final OpenSearchRunner runner = new OpenSearchRunner();
        // The caller already chose a free port; do not let the runner probe.
        runner.setMaxHttpPort(-1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(runner, urlFile)));

        runner.onBuild((number, settings) -> {
            settings.put("network.host", "127.0.0.1");
            settings.put("http.port", String.valueOf(port));
            settings.put("discovery.type", "single-node");
            // A nearly full CI disk must not turn test indices read-only.
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
            settings.put("action.auto_create_index", true);
        }).build(newConfigs().basePath(base.toString()).numOfNode(1)
                .clusterName("akim-monitor-test").printOnFailure());
        runner.ensureYellow();

        final Path tmp = urlFile.resolveSibling(urlFile.getFileName() + ".tmp");
        Files.writeString(tmp, "http://127.0.0.1:" + port + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, urlFile, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("akim-monitor test node ready on http://127.0.0.1:" + port);
        Thread.currentThread().join();
    }

    private static void close(final OpenSearchRunner runner, final Path urlFile) {
        try {
            Files.deleteIfExists(urlFile);
            runner.close();
        } catch (final Exception e) {
            System.err.println("closing the node failed: " + e);
        }
    }
}

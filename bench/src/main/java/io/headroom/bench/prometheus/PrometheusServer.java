package io.headroom.bench.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Prometheus server of the machine's own (Debian's {@code prometheus} package), started on
 * loopback for one case with a configuration and storage of its own in a temporary folder
 * outside the checkout, removed when it stops.
 */
final class PrometheusServer implements AutoCloseable {

    static final String JOB = "dcgm";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private final Process process;
    private final Path folder;
    private final int port;
    private final PromApi api;

    private PrometheusServer(Process process, Path folder, int port) {
        this.process = process;
        this.folder = folder;
        this.port = port;
        this.api = new PromApi(port);
    }

    /**
     * The Prometheus binary: {@code given} if it exists, else Debian's; installs Debian's
     * package when missing and running as root, otherwise says how to.
     */
    static Path find(Path given, Path logs) throws IOException, InterruptedException {
        if (Files.isExecutable(given)) {
            return given;
        }
        Path debian = Path.of("/usr/bin/prometheus");
        if (!given.equals(debian)) {
            throw new IOException(
                    "no Prometheus at " + given + "; pass --prometheus with the path of a prometheus binary");
        }
        if (!"0".equals(run(List.of("id", "-u")).strip())) {
            throw new IOException(
                    "Prometheus is not installed (no /usr/bin/prometheus) and this is not root: install it with "
                            + "'sudo apt-get install prometheus' or pass --prometheus with the path of a prometheus binary");
        }
        System.out.println("Prometheus is not installed; installing Debian's package (apt-get install -y prometheus)");
        Path log = logs.resolve("apt-get-install-prometheus.log");
        Process apt = new ProcessBuilder("apt-get", "install", "-y", "--no-install-recommends", "prometheus")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!apt.waitFor(10, TimeUnit.MINUTES) || apt.exitValue() != 0 || !Files.isExecutable(debian)) {
            throw new IOException("apt-get install prometheus failed; see " + log);
        }
        return debian;
    }

    /**
     * Starts Prometheus scraping the targets listed in {@code fileSdTargets} (Prometheus's
     * file-based discovery format) every {@code scrapeInterval}, and waits until it is ready.
     */
    static PrometheusServer start(Path binary, Duration scrapeInterval, String fileSdTargets, Path log)
            throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory("headroom-prometheus-");
        Path targets = folder.resolve("targets.json");
        Files.writeString(targets, fileSdTargets);
        long seconds = scrapeInterval.toSeconds();
        // The timeout may not exceed the interval; 10 s is Prometheus's default.
        long timeout = Math.min(seconds, 10);
        Path config = folder.resolve("prometheus.yml");
        Files.writeString(config, """
                # Written by Headroom's Prometheus comparison for one case; removed when it ends.
                global:
                  scrape_interval: %ds
                  scrape_timeout: %ds
                  evaluation_interval: 1m
                scrape_configs:
                  - job_name: %s
                    file_sd_configs:
                      - files: ['%s']
                        refresh_interval: 1h
                """.formatted(seconds, timeout, JOB, targets));
        int port = freePort();
        Process process = new ProcessBuilder(
                        binary.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + folder.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--storage.tsdb.retention.time=1d")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        var server = new PrometheusServer(process, folder, port);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!server.api.ready()) {
            if (!process.isAlive()) {
                server.close();
                throw new IOException("Prometheus exited with code " + process.exitValue() + " at start; see " + log);
            }
            if (System.nanoTime() > deadline) {
                server.close();
                throw new IOException(
                        "Prometheus was not ready within " + READY_TIMEOUT.toSeconds() + " s; see " + log);
            }
            Thread.sleep(200);
        }
        return server;
    }

    PromApi api() {
        return api;
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Stops it (SIGTERM, then SIGKILL: its storage is thrown away anyway) and removes its folder. */
    @Override
    public void close() {
        api.close();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(PrometheusServer::delete);
        } catch (IOException e) {
            System.err.println("could not remove " + folder + ": " + e.getMessage());
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }
}

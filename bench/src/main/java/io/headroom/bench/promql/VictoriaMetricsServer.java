package io.headroom.bench.promql;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Debian's victoria-metrics on a free loopback port, its data in a folder of its own; stopped on close. */
final class VictoriaMetricsServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path data;

    private VictoriaMetricsServer(Process process, int port, Path data) {
        this.process = process;
        this.port = port;
        this.data = data;
    }

    static VictoriaMetricsServer start(Path program, Path home) throws IOException, InterruptedException {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path data = home.resolve("data");
        Process process = new ProcessBuilder(
                        program.toString(),
                        "-storageDataPath=" + data,
                        "-httpListenAddr=127.0.0.1:" + port,
                        "-retentionPeriod=1",
                        // Every read does the work: no answer from VictoriaMetrics' own result cache.
                        "-search.disableCache")
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("victoria-metrics.log").toFile())
                .start();
        var server = new VictoriaMetricsServer(process, port, data);
        try (HttpClient http = HttpClient.newHttpClient()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    if (http.send(
                                            HttpRequest.newBuilder(server.url().resolve("health"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        return server;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
        }
        server.close();
        throw new IOException("victoria-metrics did not start; see " + home.resolve("victoria-metrics.log"));
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Makes what was imported searchable now rather than within the next second or so. */
    void flush() throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            http.send(
                    HttpRequest.newBuilder(url().resolve("internal/force_flush"))
                            .timeout(Duration.ofMinutes(1))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        Thread.sleep(2000);
    }

    long diskBytes() {
        try (var walk = Files.walk(data)) {
            return walk.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

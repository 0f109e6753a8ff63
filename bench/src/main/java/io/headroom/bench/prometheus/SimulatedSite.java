package io.headroom.bench.prometheus;

import io.headroom.bench.ProcessCpu;
import io.headroom.core.testing.ChildJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated fleet both pipelines watch: one agent process serving it over gRPC and as
 * dcgm-exporter pages at once ({@code headroom-agent --simulate --dcgm-port 0}).
 */
final class SimulatedSite implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("of ([\\d,]+) GPUs on ([\\d,]+) nodes at \\S+:(\\d+)");
    private static final Pattern DCGM =
            Pattern.compile("dcgm-exporter format on http://\\S+:(\\d+): ([\\d,]+) endpoints, one per (\\w+)");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final ChildJvm process;
    private final int gpus;
    private final int nodes;
    private final int grpcPort;
    private final int dcgmPort;
    private final int endpoints;
    private final String grouping;

    private SimulatedSite(
            ChildJvm process, int gpus, int nodes, int grpcPort, int dcgmPort, int endpoints, String grouping) {
        this.process = process;
        this.gpus = gpus;
        this.nodes = nodes;
        this.grpcPort = grpcPort;
        this.dcgmPort = dcgmPort;
        this.endpoints = endpoints;
        this.grouping = grouping;
    }

    static SimulatedSite start(int gpus, long seed, String grouping, Path agentJar, List<String> jvmOptions, Path logs)
            throws IOException {
        String name = "simulator-" + gpus;
        ChildJvm child = ChildJvm.ofJar(agentJar)
                .name(name)
                .jvmOptions(jvmOptions)
                .args(
                        "--simulate",
                        "--gpus",
                        Integer.toString(gpus),
                        "--seed",
                        Long.toString(seed),
                        "--port",
                        "0",
                        "--dcgm-port",
                        "0",
                        "--dcgm-endpoints",
                        grouping)
                .logTo(logs.resolve(name + ".log"))
                .start();
        try {
            Matcher serving = child.awaitLine(SERVING, START_TIMEOUT);
            Matcher dcgm = child.awaitLine(DCGM, START_TIMEOUT);
            return new SimulatedSite(
                    child,
                    number(serving.group(1)),
                    number(serving.group(2)),
                    number(serving.group(3)),
                    number(dcgm.group(1)),
                    number(dcgm.group(2)),
                    dcgm.group(3));
        } catch (RuntimeException e) {
            child.stop();
            throw e;
        }
    }

    /** The endpoints in Prometheus's file-based discovery format, as the simulator lists them. */
    String fileSdTargets() throws IOException, InterruptedException {
        try (var http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dcgmPort + "/targets.json"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("the simulator's /targets.json answered HTTP " + response.statusCode());
            }
            return response.body();
        }
    }

    /**
     * Rows (samples) in one full round of every page: what Prometheus appends per interval when
     * every scrape succeeds. Reads every page once (about 270 MB at 100,000 GPUs).
     */
    long rowsPerRound() throws IOException, InterruptedException {
        Matcher paths = Pattern.compile("\"__metrics_path__\":\"([^\"]+)\"").matcher(fileSdTargets());
        long rows = 0;
        byte[] buffer = new byte[1 << 16];
        try (var http = HttpClient.newHttpClient()) {
            while (paths.find()) {
                HttpResponse<java.io.InputStream> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dcgmPort + paths.group(1)))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (var body = response.body()) {
                    boolean lineStart = true;
                    for (int n; (n = body.read(buffer)) > 0; ) {
                        for (int i = 0; i < n; i++) {
                            if (lineStart && buffer[i] != '#' && buffer[i] != '\n') {
                                rows++;
                            }
                            lineStart = buffer[i] == '\n';
                        }
                    }
                }
            }
        }
        return rows;
    }

    int gpus() {
        return gpus;
    }

    int nodes() {
        return nodes;
    }

    int grpcPort() {
        return grpcPort;
    }

    int endpoints() {
        return endpoints;
    }

    String grouping() {
        return grouping;
    }

    long pid() {
        return process.pid();
    }

    double cpuSeconds() {
        return ProcessCpu.cpuSeconds(process.pid());
    }

    void checkAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IOException("the simulator died:\n" + process.tail());
        }
    }

    @Override
    public void close() {
        process.stop();
    }

    private static int number(String digits) {
        return Integer.parseInt(digits.replace(",", ""));
    }
}

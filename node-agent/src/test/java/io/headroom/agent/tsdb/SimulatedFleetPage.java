package io.headroom.agent.tsdb;

import io.headroom.agent.metrics.AgentMetrics;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.core.fleet.FleetTelemetry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated fleet's {@code /metrics} on a loopback port, as the simulator serves it, held still: the simulator is
 * run up to "now" and not ticked after, and the page judges idle states at that same instant, so every scrape a
 * TSDB takes carries the same values and what it stores can be compared with one scrape taken here.
 */
final class SimulatedFleetPage implements AutoCloseable {

    /** One series line of the page. */
    record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final SimulatorAgent simulator;
    private final AgentMetrics metrics;
    private final int port;

    SimulatedFleetPage(FleetShape shape, long seed) throws IOException {
        simulator = SimulatorAgent.create(shape, seed, 1000, "tsdb", 10, InstantSource.system());
        // Judged at the newest sample the warm-up wrote: live, not stale, and the same at every scrape.
        FleetTelemetry telemetry = simulator.publisher().latest();
        long newest = 0;
        for (int slot = 0; slot < telemetry.layout().slotCount(); slot++) {
            newest = Math.max(newest, telemetry.sampleTime(slot));
        }
        InstantSource still = InstantSource.fixed(Instant.ofEpochMilli(newest));
        metrics = new AgentMetrics(simulator.publisher()::latest, List.of(), null, () -> null, still);
        port = metrics.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** host:port to put in a scrape configuration. */
    String target() {
        return "127.0.0.1:" + port;
    }

    List<Sample> scrape() throws IOException, InterruptedException {
        String page;
        try (var http = HttpClient.newHttpClient()) {
            page = http.send(
                            HttpRequest.newBuilder(URI.create("http://" + target() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }
        List<Sample> samples = new ArrayList<>();
        for (String line : page.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (m.group(2) != null) {
                Matcher label = LABEL.matcher(m.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return samples;
    }

    @Override
    public void close() {
        metrics.close();
        simulator.close();
    }
}

package io.headroom.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.idle.IdleClassifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** headroom_gpu_state is one-hot, and its 1 is the state the console's classifier gives the GPU or slice. */
class GpuStateMetricsTest {

    private static final Pattern STATE = Pattern.compile(
            "^headroom_gpu_state\\{.*gpu_instance=\"([^\"]*)\".*state=\"([a-z_]+)\".*uuid=\"([^\"]+)\".*\\} (\\S+)$");

    @Test
    void everySlotIsInExactlyTheStateTheClassifierGivesIt() throws Exception {
        var simulator = SimulatorAgent.create(new FleetShape(1, 2, 2, 8), 7, 1000, "state", 10, InstantSource.system());
        FleetTelemetry telemetry = simulator.publisher().latest();
        FleetLayout layout = telemetry.layout();
        long newest = 0;
        for (int slot = 0; slot < layout.slotCount(); slot++) {
            newest = Math.max(newest, telemetry.sampleTime(slot));
        }
        InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(newest));
        try (var metrics = new AgentMetrics(simulator.publisher()::latest, List.of(), null, () -> null, clock)) {
            int port = metrics.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String page;
            try (var http = HttpClient.newHttpClient()) {
                page = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
            }
            Map<String, Integer> ones = new HashMap<>();
            Map<String, Integer> series = new HashMap<>();
            Map<String, String> stateOf = new HashMap<>();
            for (String line : page.split("\n")) {
                Matcher m = STATE.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                series.merge(m.group(3), 1, Integer::sum);
                if (Double.parseDouble(m.group(4)) == 1) {
                    ones.merge(m.group(3), 1, Integer::sum);
                    stateOf.put(m.group(3), m.group(2));
                }
            }
            var classifier = new IdleClassifier(IdleThresholds.DEFAULTS);
            assertThat(series).hasSize(layout.slotCount());
            for (int slot = 0; slot < layout.slotCount(); slot++) {
                String uuid = layout.isSlice(slot)
                        ? layout.slice(slot).uuid()
                        : layout.accelerator(slot).uuid();
                assertThat(series.get(uuid)).as(uuid).isEqualTo(6);
                assertThat(ones.get(uuid)).as(uuid).isEqualTo(1);
                assertThat(stateOf.get(uuid))
                        .as(uuid)
                        .isEqualTo(classifier
                                .classify(telemetry, slot, newest)
                                .name()
                                .toLowerCase(Locale.ROOT));
            }
            assertThat(stateOf.values())
                    .as("a live simulated fleet is not all stale")
                    .contains("busy");
        }
        // A minute later nothing has been sampled since: every GPU is stale, never idle.
        try (var later = new AgentMetrics(
                simulator.publisher()::latest,
                List.of(),
                null,
                () -> null,
                InstantSource.fixed(Instant.ofEpochMilli(newest + 60_000)))) {
            int port = later.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String page;
            try (var http = HttpClient.newHttpClient()) {
                page = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
            }
            long staleOnes = page.lines()
                    .filter(l ->
                            l.startsWith("headroom_gpu_state{") && l.contains("state=\"stale\"") && l.endsWith(" 1.0"))
                    .count();
            long anyOnes = page.lines()
                    .filter(l -> l.startsWith("headroom_gpu_state{") && l.endsWith(" 1.0"))
                    .count();
            assertThat(staleOnes).isEqualTo(layout.slotCount()).isEqualTo(anyOnes);
        } finally {
            simulator.close();
        }
    }
}

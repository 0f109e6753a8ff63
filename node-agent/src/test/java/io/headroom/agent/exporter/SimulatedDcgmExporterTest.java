package io.headroom.agent.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.dcgm.DcgmExporterSource;
import io.headroom.agent.source.dcgm.PrometheusText;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.MigSlice;
import io.headroom.wire.AgentEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator serving gRPC and dcgm-exporter pages at once, read by Headroom's gRPC client
 * and by the agent's own dcgm-exporter source: both must see the same GPUs with the same
 * values from the same tick.
 */
class SimulatedDcgmExporterTest {

    private static final int INTERVAL_MS = 1000;
    private static final Pattern TARGET =
            Pattern.compile("\"__metrics_path__\":\"([^\"]+)\",\"instance\":\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private SimulatorAgent agent;
    private FleetClient client;
    private SimulatedDcgmExporter exporter;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (exporter != null) {
            exporter.close();
        }
        if (agent != null) {
            agent.close();
        }
        http.close();
    }

    /** The simulated fleet's dcgm-exporter endpoints on a free loopback port, closed after the test. */
    private SimulatedDcgmExporter exposeDcgm(EndpointGrouping grouping) throws Exception {
        exporter = SimulatedDcgmExporter.start(
                agent.simulator(),
                agent.publisher()::latest,
                grouping,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return exporter;
    }

    /** A simulator that ticks only when the test says, served over gRPC, and a client that follows it. */
    private FleetState streamedFleet(int gpus, long seed) throws Exception {
        agent = SimulatorAgent.create(FleetShape.forGpus(gpus), seed, INTERVAL_MS, "", 60, InstantSource.system());
        agent.serve(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        var endpoint = new AgentEndpoint("127.0.0.1", agent.port());
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        client = new FleetClient(
                        List.of(endpoint),
                        fleet,
                        new ConnectionBoard(List.of(endpoint.toString())),
                        ClientOptions.defaults("test").withBackoff(Duration.ofMillis(50), Duration.ofMillis(400)))
                .start();
        await("the client to hold the inventory").until(() -> fleet.layout().gpuCount() == gpus);
        return fleet;
    }

    /** One tick, published over gRPC; returns its time once the client holds every node it sampled. */
    private long tickAndAwait(FleetState fleet) {
        long time = (System.currentTimeMillis() / INTERVAL_MS + 1) * INTERVAL_MS;
        agent.publisher().tick(time);
        FleetTelemetry served = agent.publisher().latest();
        await("the client to receive the tick at " + time).until(() -> {
            FleetTelemetry received = fleet.current();
            for (int n = 0; n < served.layout().nodeCount(); n++) {
                if (served.nodeSampleTime(n) == time && received.nodeSampleTime(n) != time) {
                    return false;
                }
            }
            return true;
        });
        return time;
    }

    @Test
    void eachNodesPageReadsBackThroughTheAgentsDcgmSourceWithTheValuesStreamedOverGrpc() throws Exception {
        FleetState fleet = streamedFleet(512, 11);
        SimulatedDcgmExporter exporter = exposeDcgm(EndpointGrouping.NODE);
        long time = tickAndAwait(fleet);
        FleetTelemetry received = fleet.current();
        FleetLayout layout = received.layout();
        assertThat(exporter.endpointCount()).isEqualTo(layout.nodeCount());

        int gpusCompared = 0;
        int slicesCompared = 0;
        int sampledNodes = 0;
        for (int n = 0; n < layout.nodeCount(); n++) {
            String hostname = layout.node(n).hostname();
            URI page = URI.create("http://127.0.0.1:" + exporter.port() + "/nodes/"
                    + URLEncoder.encode(hostname, StandardCharsets.UTF_8) + "/metrics");
            if (received.nodeSampleTime(n) != time) {
                continue; // a node the simulator keeps silent this minute: nothing new on either side
            }
            sampledNodes++;
            assertThat(sampleTime(get(page), hostname)).as(hostname).isEqualTo(time / 1000.0);
            try (var source = new DcgmExporterSource(page, 60_000, 10_000, InstantSource.system())) {
                source.start();
                assertThat(source.exporterHostname()).isEqualTo(hostname);
                List<Accelerator> seen = source.accelerators();
                assertThat(seen)
                        .extracting(Accelerator::uuid)
                        .containsExactlyElementsOf(layout.node(n).accelerators().stream()
                                .map(Accelerator::uuid)
                                .toList());
                for (int g = layout.firstGpuSlot(n); g < layout.endGpuSlot(n); g++) {
                    Accelerator gpu = layout.accelerator(g);
                    GpuReading reading = source.reading(gpu.uuid());
                    String what = layout.describe(g);
                    assertGpuWide(received, g, reading, what);
                    if (gpu.slices().isEmpty()) {
                        if (!received.missing(g)) {
                            assertSame(what + " utilization", received.utilizationPct(g), reading.utilizationPct());
                            assertSame(what + " SM activity", received.smActivePct(g), reading.smActivePct());
                            assertSame(what + " memory used", received.memoryUsedMib(g), reading.memoryUsedMib());
                        }
                        gpusCompared++;
                        continue;
                    }
                    assertThat(seen.get(g - layout.firstGpuSlot(n)).slices())
                            .extracting(MigSlice::gpuInstanceId)
                            .containsExactlyElementsOf(gpu.slices().stream()
                                    .map(MigSlice::gpuInstanceId)
                                    .toList());
                    for (int s = layout.firstSliceSlot(g); s < layout.endSliceSlot(g); s++) {
                        MigSlice slice = layout.slice(s);
                        GpuReading instance = source.reading("MIG-" + gpu.uuid() + "/" + slice.gpuInstanceId() + "/0");
                        if (!received.missing(s)) {
                            assertSame(
                                    layout.describe(s) + " SM activity",
                                    received.smActivePct(s),
                                    instance.smActivePct());
                            assertSame(
                                    layout.describe(s) + " memory used",
                                    received.memoryUsedMib(s),
                                    instance.memoryUsedMib());
                        }
                        slicesCompared++;
                    }
                    gpusCompared++;
                }
            }
        }
        assertThat(sampledNodes).as("nodes sampled at the tick").isGreaterThan(layout.nodeCount() / 2);
        assertThat(slicesCompared).as("MIG instances compared").isPositive();
        assertThat(gpusCompared).isEqualTo(sampledNodes * 8);
    }

    @Test
    void rackPagesAreListedForPrometheusAndHoldEveryNodeOfTheirRack() throws Exception {
        FleetState fleet = streamedFleet(256, 5);
        SimulatedDcgmExporter exporter = exposeDcgm(EndpointGrouping.RACK);
        long time = tickAndAwait(fleet);
        FleetLayout layout = fleet.layout();
        String base = "http://127.0.0.1:" + exporter.port();

        String targets = get(URI.create(base + "/targets.json"));
        assertThat(targets).contains("\"targets\":[\"127.0.0.1:" + exporter.port() + "\"]");
        Matcher m = TARGET.matcher(targets);
        Set<String> racks = new HashSet<>();
        int rows = 0;
        while (m.find()) {
            String rack = m.group(2);
            racks.add(rack);
            var parsed = PrometheusText.parse(get(URI.create(base + m.group(1))));
            assertThat(parsed.problems()).as(rack).isEmpty();
            Set<String> hosts = new HashSet<>();
            parsed.samples().forEach(sample -> hosts.add(sample.label("Hostname")));
            Set<String> expected = new HashSet<>();
            for (int n = 0; n < layout.nodeCount(); n++) {
                if (layout.rack(layout.rackOfNode(n)).id().equals(rack)) {
                    expected.add(layout.node(n).hostname());
                }
            }
            assertThat(hosts).as(rack).isEqualTo(expected);
            rows += parsed.samples().size();
        }
        assertThat(racks).hasSize(layout.rackCount());
        assertThat(rows).as("at least one row per GPU per field").isGreaterThan(layout.gpuCount() * 10);
        assertThat(time).isPositive();
    }

    @Test
    void anUnknownPathIsNamedWithWhereTheListIs() throws Exception {
        streamedFleet(64, 3);
        SimulatedDcgmExporter exporter = exposeDcgm(EndpointGrouping.RACK);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exporter.port() + "/metrics"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("no endpoint at /metrics", "/targets.json");
    }

    private static void assertGpuWide(FleetTelemetry received, int g, GpuReading reading, String what) {
        assertSame(what + " power", received.powerW(g), reading.powerW());
        assertSame(what + " power limit", received.powerLimitW(g), reading.powerLimitW());
        assertSame(what + " GPU temperature", received.gpuTempC(g), reading.gpuTempC());
        assertSame(what + " memory temperature", received.memoryTempC(g), reading.memoryTempC());
        assertSame(what + " SM clock", received.smClockMhz(g), reading.smClockMhz());
        assertThat(reading.throttleReasons()).as(what + " throttle reasons").isEqualTo(received.throttleReasons(g));
        assertThat(reading.lastXid()).as(what + " last XID").isEqualTo(received.lastXid(g));
        assertThat(reading.eccUncorrectable()).as(what + " ECC").isEqualTo(received.eccUncorrectable(g));
        assertThat(reading.remappedRowFailures())
                .as(what + " remapped rows")
                .isEqualTo(received.remappedRowFailures(g));
    }

    /** Equal, or both unavailable; SM activity goes through a ratio of 0 to 1 and back, so within a float's rounding. */
    private static void assertSame(String what, float streamed, float scraped) {
        if (Float.isNaN(streamed)) {
            assertThat(scraped).as(what + " (unavailable on the stream)").isNaN();
        } else {
            assertThat(scraped)
                    .as(what)
                    .isCloseTo(streamed, org.assertj.core.api.Assertions.within(Math.ulp(streamed) * 4));
        }
    }

    private static double sampleTime(String page, String hostname) {
        return PrometheusText.parse(page).samples().stream()
                .filter(s -> s.name().equals("headroom_sim_sample_timestamp_seconds")
                        && hostname.equals(s.label("Hostname")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample time for " + hostname))
                .value();
    }

    private String get(URI uri) throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(uri.toString()).isEqualTo(200);
        return response.body();
    }
}

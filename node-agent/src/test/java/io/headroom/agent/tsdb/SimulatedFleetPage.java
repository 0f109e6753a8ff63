package io.headroom.agent.tsdb;

import io.headroom.agent.metrics.AgentMetrics;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.agent.source.RackReading;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IntegerReading;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.SampleBuffer;
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
import java.util.concurrent.atomic.AtomicReference;
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

    /** A whole GPU of the page, with the labels its series carry. */
    record Gpu(int slot, String hostname, String rack, String hall, String gpu, String uuid) {}

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final SimulatorAgent simulator;
    private final AgentMetrics metrics;
    private final int port;
    private final long newest;
    // The BMC reading of node 0's rack: none (no rack series) until a test sets one.
    private final AtomicReference<RackReading> rack = new AtomicReference<>();

    SimulatedFleetPage(FleetShape shape, long seed) throws IOException {
        simulator = SimulatorAgent.create(shape, seed, 1000, "tsdb", 10, InstantSource.system());
        // Judged at the newest sample the warm-up wrote: live, not stale, and the same at every scrape.
        FleetTelemetry telemetry = simulator.publisher().latest();
        long newest = 0;
        for (int slot = 0; slot < telemetry.layout().slotCount(); slot++) {
            newest = Math.max(newest, telemetry.sampleTime(slot));
        }
        this.newest = newest;
        InstantSource still = InstantSource.fixed(Instant.ofEpochMilli(newest));
        metrics = new AgentMetrics(simulator.publisher()::latest, List.of(), rack::get, () -> null, still);
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

    /** The whole GPUs with a sample on the page, in slot order. */
    List<Gpu> gpus() {
        FleetTelemetry telemetry = simulator.publisher().latest();
        FleetLayout layout = telemetry.layout();
        List<Gpu> gpus = new ArrayList<>();
        for (int slot = 0; slot < layout.slotCount(); slot++) {
            if (layout.isSlice(slot) || telemetry.sampleTime(slot) == 0) {
                continue;
            }
            int node = layout.nodeOfSlot(slot);
            Rack at = layout.rack(layout.rackOfNode(node));
            gpus.add(new Gpu(
                    slot,
                    layout.node(node).hostname(),
                    at.id(),
                    at.hallId(),
                    String.valueOf(layout.accelerator(slot).index()),
                    layout.accelerator(slot).uuid()));
        }
        return gpus;
    }

    /** Makes {@code gpu} report {@code xid} as its last XID from now on, its other readings as they were. */
    void strikeXid(Gpu gpu, int xid) {
        FleetTelemetry telemetry = simulator.publisher().latest();
        int slot = gpu.slot();
        var sample = new SampleBuffer();
        sample.timeMillis = telemetry.sampleTime(slot);
        sample.utilizationPct = telemetry.utilizationPct(slot);
        sample.smActivePct = telemetry.smActivePct(slot);
        sample.memoryUsedMib = telemetry.memoryUsedMib(slot);
        sample.powerW = telemetry.powerW(slot);
        sample.powerLimitW = telemetry.powerLimitW(slot);
        sample.gpuTempC = telemetry.gpuTempC(slot);
        sample.memoryTempC = telemetry.memoryTempC(slot);
        sample.smClockMhz = telemetry.smClockMhz(slot);
        sample.throttleReasons = telemetry.throttleReasons(slot);
        sample.eccUncorrectable = telemetry.eccUncorrectable(slot);
        sample.remappedRowFailures = telemetry.remappedRowFailures(slot);
        sample.unmeasured = telemetry.unmeasured(slot);
        sample.allocated = telemetry.allocated(slot);
        sample.missing = telemetry.missing(slot);
        long idleSince = telemetry.idleSinceMillis(slot);
        sample.idleSinceMillis = idleSince == FleetTelemetry.NOT_IDLE ? 0 : idleSince;
        sample.health = telemetry.health(slot);
        sample.measured(IntegerReading.LAST_XID, xid);
        telemetry.writeAccelerator(slot, sample);
        telemetry.publish(1);
    }

    /** The rack of node 0 (whose BMCs the page's rack series are): its id, hall and node 0's hostname. */
    List<String> bmcRack() {
        FleetLayout layout = simulator.publisher().latest().layout();
        Rack at = layout.rack(layout.rackOfNode(0));
        return List.of(at.id(), at.hallId(), layout.node(0).hostname());
    }

    /** Node 0's BMCs report {@code celsius} of inlet air from now on (no power, outlet or fans). */
    void rackInlet(float celsius) {
        rack.set(new RackReading(newest, celsius, Float.NaN, Float.NaN, 0, 0));
    }

    @Override
    public void close() {
        metrics.close();
        simulator.close();
    }
}

package io.headroom.agent.history;

import io.headroom.agent.server.TelemetrySource;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Hall;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fleet whose every GPU reads what a test's script says at each round: how busy, how hot, how
 * much power, whether allocated. GPU UUIDs are "GPU-{hostname}-{index}".
 */
public final class ScriptedFleet implements TelemetrySource {

    /** One GPU's reading at one round. */
    public record Reading(float utilPct, float powerW, float tempC, boolean allocated, long idleSinceMs) {
        public static Reading busy(float util, float power, float temp) {
            return new Reading(util, power, temp, true, 0);
        }

        public static Reading freeIdle(float power, float temp) {
            return new Reading(0, power, temp, false, 0);
        }

        /** Allocated and idle since long before: held idle at once. */
        public static Reading heldIdle(float power, float temp) {
            return new Reading(0, power, temp, true, 1);
        }
    }

    public interface Script {
        Reading at(String uuid, long timeMillis);
    }

    private final Inventory inventory;
    private final int intervalMs;
    private volatile Script script = (uuid, t) -> Reading.busy(50, 200, 50);
    private final SampleBuffer sample = new SampleBuffer();

    private ScriptedFleet(Inventory inventory, int intervalMs) {
        this.inventory = inventory;
        this.intervalMs = intervalMs;
    }

    /** One node "node-a" with {@code gpus} H100s in rack "r1" of hall "h1". */
    public static ScriptedFleet oneNode(String hostname, int gpus, int intervalMs) {
        return new Builder(intervalMs)
                .node(hostname, "r1", "train", "acme", "NVIDIA H100 80GB HBM3", Vendor.NVIDIA, gpus, false)
                .build();
    }

    public static final class Builder {
        private final int intervalMs;
        private final Map<String, Rack> racks = new LinkedHashMap<>();
        private final List<Node> nodes = new ArrayList<>();

        public Builder(int intervalMs) {
            this.intervalMs = intervalMs;
        }

        /** Racks "r1", "r2" are in hall "h1"; any other in "h2". */
        public Builder node(
                String hostname,
                String rack,
                String pool,
                String tenant,
                String model,
                Vendor vendor,
                int gpus,
                boolean mig) {
            racks.computeIfAbsent(
                    rack, r -> new Rack(r, r.equals("r1") || r.equals("r2") ? "h1" : "h2", "A", 1, 42, 40));
            List<Accelerator> accelerators = new ArrayList<>();
            for (int i = 0; i < gpus; i++) {
                String uuid = "GPU-" + hostname + "-" + i;
                List<MigSlice> slices = mig
                        ? List.of(
                                new MigSlice(uuid + "-mig1", 1, 0, 9, "3g.40gb", 0, 4, 40000, List.of()),
                                new MigSlice(uuid + "-mig2", 2, 0, 9, "3g.40gb", 4, 4, 40000, List.of()))
                        : List.of();
                accelerators.add(new Accelerator(uuid, vendor, model, 81559, i, mig, slices));
            }
            nodes.add(new Node(
                    hostname,
                    "SN-" + hostname,
                    rack,
                    1 + 4 * nodes.size(),
                    4,
                    pool,
                    tenant,
                    SchedulerState.ALLOCATED,
                    1,
                    intervalMs,
                    accelerators));
            return this;
        }

        public ScriptedFleet build() {
            return new ScriptedFleet(
                    new Inventory(
                            "scripted",
                            1,
                            List.of(),
                            List.of(new Hall("h1", "s", "Hall 1"), new Hall("h2", "s", "Hall 2")),
                            List.copyOf(racks.values()),
                            nodes),
                    intervalMs);
        }
    }

    public ScriptedFleet play(Script next) {
        this.script = next;
        return this;
    }

    @Override
    public Inventory inventory() {
        return inventory;
    }

    @Override
    public int intervalMs() {
        return intervalMs;
    }

    @Override
    public void tick(long timeMillis, FleetTelemetry target) {
        FleetLayout layout = target.layout();
        for (int n = 0; n < layout.nodeCount(); n++) {
            target.writeNode(n, timeMillis, SchedulerState.ALLOCATED, 1);
        }
        for (int slot = 0; slot < layout.slotCount(); slot++) {
            String uuid = layout.isSlice(slot)
                    ? layout.slice(slot).uuid()
                    : layout.accelerator(slot).uuid();
            Reading r = script.at(uuid, timeMillis);
            sample.clear();
            sample.timeMillis = timeMillis;
            sample.utilizationPct = r.utilPct();
            sample.powerW = r.powerW();
            sample.gpuTempC = r.tempC();
            sample.allocated = r.allocated();
            sample.idleSinceMillis = r.idleSinceMs();
            target.writeAccelerator(slot, sample);
        }
        target.publish(layout.slotCount());
    }
}

package io.headroom.views.node;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IntegerReading;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Vendor;
import io.headroom.core.idle.CriticalXids;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import io.headroom.views.Messages;
import io.headroom.views.vendor.VendorTerms;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One node as a technician sees it before touching it: where it is, who has it, what the
 * scheduler thinks, and each GPU and MIG slice with its last 15 minutes. History is kept for
 * the shown node only, taken from the telemetry arrays once a second on the FX thread, and
 * dropped when another node is chosen. Plain Java, tested without a toolkit.
 */
public final class NodeDetailViewModel {

    public static final int HISTORY_POINTS = 900;
    public static final long HISTORY_MILLIS = HISTORY_POINTS * 1000L;

    public enum Metric {
        UTILIZATION,
        POWER,
        TEMPERATURE,
        MEMORY
    }

    static final Metric[] METRICS = Metric.values();

    private final Messages messages;
    private final IdleClassifier classifier;
    private final List<GpuRow> rows = new ArrayList<>();
    private final List<String> faults = new ArrayList<>();
    private final List<String> unmeasured = new ArrayList<>();
    private String hostname = "";
    private FleetLayout layout;
    private int node = FleetLayout.NONE;
    private SampleRing history = new SampleRing(0, HISTORY_POINTS);
    private long sampledSecond = Long.MIN_VALUE;
    private long rowsVersion;
    private String location = "";
    private VendorTerms terms;
    private String accelerators = "";
    private String scheduler = "";
    private io.headroom.core.fleet.SchedulerState schedulerState = io.headroom.core.fleet.SchedulerState.UNKNOWN;
    private String generation = "";
    private String sampleAge = "";

    public NodeDetailViewModel(Messages messages, IdleClassifier classifier) {
        this.messages = messages;
        this.classifier = classifier;
        this.terms = VendorTerms.of(messages, Vendor.NVIDIA);
    }

    public Messages messages() {
        return messages;
    }

    /** Chooses the node; its history starts empty and fills from the next refresh. */
    public void showNode(String hostname) {
        if (!this.hostname.equals(hostname)) {
            this.hostname = hostname;
            layout = null;
        }
    }

    /** Takes one refresh. Samples the node's slots when a new second has begun since the last sample. */
    public void update(FleetTelemetry telemetry, long nowMillis) {
        if (telemetry.layout() != layout) {
            layout = telemetry.layout();
            node = layout.nodeIndex(hostname);
            describeAccelerators();
            rebuildRows();
        }
        faults.clear();
        unmeasured.clear();
        if (node == FleetLayout.NONE) {
            return;
        }
        Node n = layout.node(node);
        int rack = layout.rackOfNode(node);
        location = messages.format(
                "node.location",
                rack == FleetLayout.NONE
                        ? messages.get("value.none")
                        : layout.rack(rack).id(),
                n.uPosition(),
                n.uPosition() + Math.max(1, n.uHeight()) - 1);
        schedulerState = telemetry.schedulerState(node);
        scheduler = messages.get("scheduler." + schedulerState.name().toLowerCase(Locale.ROOT));
        generation = messages.integer(telemetry.generation(node));
        long sampled = telemetry.nodeSampleTime(node);
        sampleAge = sampled <= 0
                ? messages.get("hover.never-sampled")
                : messages.format("hover.sample-age", messages.age(nowMillis - sampled));
        for (GpuRow row : rows) {
            row.refresh(telemetry, classifier.classify(telemetry, row.slot(), nowMillis));
            describeFaults(row);
        }
        long second = Math.floorDiv(nowMillis, 1000);
        if (second != sampledSecond) {
            sampledSecond = second;
            sample(telemetry, nowMillis);
        }
    }

    private void rebuildRows() {
        rows.clear();
        if (node != FleetLayout.NONE) {
            for (int gpu = layout.firstGpuSlot(node); gpu < layout.endGpuSlot(node); gpu++) {
                rows.add(new GpuRow(messages, layout, gpu));
                for (int slice = layout.firstSliceSlot(gpu); slice < layout.endSliceSlot(gpu); slice++) {
                    rows.add(new GpuRow(messages, layout, slice));
                }
            }
        }
        history = new SampleRing(rows.size() * METRICS.length, HISTORY_POINTS);
        sampledSecond = Long.MIN_VALUE;
        rowsVersion++;
    }

    /** Stale slots get a gap, not their old value repeated as if it were live. */
    // The history ring keeps one flat float series per (row, metric) at row * METRICS.length + metric.ordinal(); it is
    // filled every refresh and read on the paint path.
    @SuppressWarnings("EnumOrdinal")
    private void sample(FleetTelemetry telemetry, long nowMillis) {
        history.append(nowMillis);
        for (int r = 0; r < rows.size(); r++) {
            GpuRow row = rows.get(r);
            if (row.state() == IdleState.STALE) {
                continue;
            }
            int slot = row.slot();
            int base = r * METRICS.length;
            history.set(base + Metric.UTILIZATION.ordinal(), activity(telemetry, slot));
            history.set(base + Metric.POWER.ordinal(), telemetry.powerW(slot));
            history.set(base + Metric.TEMPERATURE.ordinal(), telemetry.gpuTempC(slot));
            float total = row.memoryTotalMib();
            history.set(
                    base + Metric.MEMORY.ordinal(),
                    total > 0 ? telemetry.memoryUsedMib(slot) / total * 100 : Float.NaN);
        }
    }

    /**
     * A GPU in MIG mode reports no utilization of its own (DCGM's GPU_UTIL is unsupported
     * under MIG): it is as busy as its slices, each weighted by its share of the compute.
     */
    private float activity(FleetTelemetry telemetry, int slot) {
        float own = telemetry.activityPct(slot);
        if (!Float.isNaN(own) || layout.isSlice(slot) || layout.firstSliceSlot(slot) == layout.endSliceSlot(slot)) {
            return own;
        }
        float whole = layout.peakTflops(slot);
        double weighted = 0;
        boolean measured = false;
        for (int s = layout.firstSliceSlot(slot); s < layout.endSliceSlot(slot); s++) {
            float slice = telemetry.activityPct(s);
            if (!Float.isNaN(slice) && whole > 0) {
                weighted += slice * layout.peakTflops(s) / whole;
                measured = true;
            }
        }
        return measured ? (float) weighted : Float.NaN;
    }

    private void describeFaults(GpuRow row) {
        if (row.missing()) {
            faults.add(messages.format("node.fault.missing", row.title()));
        }
        if (row.health().troubled()) {
            faults.add(messages.format(
                    "node.fault.health",
                    row.title(),
                    messages.get(
                            "alert.detail.device-health." + row.health().name().toLowerCase(Locale.ROOT))));
        }
        if (!row.isSlice()) {
            List<String> unknown = new ArrayList<>();
            for (IntegerReading reading : List.of(
                    IntegerReading.LAST_XID, IntegerReading.ECC_UNCORRECTABLE, IntegerReading.REMAPPED_ROW_FAILURES)) {
                if (!row.measured(reading)) {
                    unknown.add(messages.format(
                            "node.unmeasured." + reading.name().toLowerCase(java.util.Locale.ROOT),
                            messages.get("value.none")));
                }
            }
            if (!unknown.isEmpty()) {
                // "None reported" would claim a clean card whose source cannot see these faults.
                unmeasured.add(messages.format("node.fault.unmeasured", row.title(), String.join(", ", unknown)));
            }
        }
        int xid = row.measured(IntegerReading.LAST_XID) ? row.lastXid() : 0;
        if (xid != 0) {
            String meaning = messages.get("xid." + xid);
            if (meaning.startsWith("!")) {
                meaning = messages.get(CriticalXids.isCritical(xid) ? "xid.critical" : "xid.application");
            }
            faults.add(messages.format("node.fault.xid", row.title(), xid, meaning));
        }
        if (row.eccUncorrectable() > 0 || row.remappedRows() > 0) { // unmeasured ones hold 0
            faults.add(messages.format("node.fault.ecc", row.title(), row.eccUncorrectable(), row.remappedRows()));
        }
    }

    public String hostname() {
        return hostname;
    }
    /** False when the inventory has no node by that name (yet, or any more). */
    public boolean found() {
        return node != FleetLayout.NONE;
    }

    public int nodeIndex() {
        return node;
    }

    public Node node() {
        return found() ? layout.node(node) : null;
    }

    public List<GpuRow> rows() {
        return List.copyOf(rows);
    }
    /** Changes whenever the rows are rebuilt (another node, a new inventory): views rebuild theirs then. */
    public long rowsVersion() {
        return rowsVersion;
    }
    /** XIDs, ECC errors and missing GPUs, one line each, in row order. */
    public List<String> faults() {
        return List.copyOf(faults);
    }
    /** What the GPUs' sources cannot measure (XIDs and ECC on AMD, say): not a fault, not a clean bill either. */
    public List<String> unmeasured() {
        return List.copyOf(unmeasured);
    }

    /** The node's vendor's words ("NPU", "AI Core", "HBM" on Ascend); NVIDIA's for a node without accelerators. */
    public VendorTerms terms() {
        return terms;
    }

    /** "8 × Ascend 910B3 (Huawei Ascend)", per model on the node. */
    public String accelerators() {
        return accelerators;
    }

    private void describeAccelerators() {
        Node n = node == FleetLayout.NONE ? null : layout.node(node);
        Vendor vendor = n == null || n.accelerators().isEmpty()
                ? Vendor.NVIDIA
                : n.accelerators().getFirst().vendor();
        terms = VendorTerms.of(messages, vendor);
        if (n == null) {
            accelerators = messages.get("value.none");
            return;
        }
        List<String> parts = VendorTerms.accelerators(messages, n);
        accelerators = parts.isEmpty() ? messages.get("rack.node.no-gpus") : String.join(" \u00b7 ", parts);
    }

    public String location() {
        return location;
    }

    public String scheduler() {
        return scheduler;
    }

    /** The scheduler state the node's agent last sent; UNKNOWN before any. */
    public io.headroom.core.fleet.SchedulerState schedulerState() {
        return schedulerState;
    }

    public String generation() {
        return generation;
    }

    public String sampleAge() {
        return sampleAge;
    }
    /** Instants sampled so far for this node, at most {@link #HISTORY_POINTS}. */
    public int historySize() {
        return history.size();
    }

    // The history ring keeps one flat float series per (row, metric) at row * METRICS.length + metric.ordinal(); it is
    // filled every refresh and read on the paint path.
    @SuppressWarnings("EnumOrdinal")
    public float latest(int row, Metric metric) {
        return history.latest(row * METRICS.length + metric.ordinal());
    }

    SampleRing history() {
        return history;
    }
}

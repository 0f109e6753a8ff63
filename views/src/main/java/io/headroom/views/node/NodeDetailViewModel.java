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
 * dropped when another node is chosen. When the node is chosen, the minutes before are read
 * from the console's history off the FX thread ({@link NodePast}) and put in front of the live
 * seconds, one point a minute; a minute nobody kept stays a gap. Plain Java, tested without a
 * toolkit.
 */
public final class NodeDetailViewModel {

    public static final int HISTORY_POINTS = 900;
    public static final long HISTORY_MILLIS = HISTORY_POINTS * 1000L;
    /** Minutes read from history when a node is chosen: the sparklines' whole span. */
    public static final int PAST_MINUTES = (int) (HISTORY_MILLIS / 60_000L);

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
    private long historyVersion;
    private PastReader past = new PastReader(NodePast.NONE, null);
    private String pastNote = "";
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

    /**
     * Where the minutes before a node was chosen are read from, and on what; a null executor reads
     * on a thread of the page's own. Applies from the next node chosen.
     */
    public void readPastFrom(NodePast source, java.util.concurrent.Executor executor) {
        past.close();
        past = new PastReader(source, executor);
    }

    /** Stops reading history (the page is gone). */
    public void close() {
        past.close();
    }

    /** Chooses the node; its history starts with the minutes read from the console's history, then fills each second. */
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
            askPast(nowMillis);
        }
        takePast();
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
        // The minutes read from history need no room of their own: by the time the live seconds fill
        // the ring, those minutes have slid out of the 15-minute window.
        history = new SampleRing(rows.size() * METRICS.length, HISTORY_POINTS);
        historyVersion++;
        sampledSecond = Long.MIN_VALUE;
        rowsVersion++;
        pastNote = "";
    }

    /** The minutes before now, for this node's rows; their answer is taken at a later refresh. */
    private void askPast(long nowMillis) {
        if (!past.reads() || rows.isEmpty()) {
            return;
        }
        List<String> uuids = new ArrayList<>(rows.size());
        for (GpuRow row : rows) {
            var slice = layout.slice(row.slot());
            uuids.add(
                    slice != null
                            ? slice.uuid()
                            : layout.accelerator(row.slot()).uuid());
        }
        long nowMinute = Math.floorDiv(nowMillis, 60_000L);
        pastNote = messages.get("node.past.reading");
        past.ask(rowsVersion, hostname, uuids, nowMinute - PAST_MINUTES, nowMinute);
    }

    private void takePast() {
        PastReader.Answer answer = past.take();
        if (answer == null || answer.question() != rowsVersion) {
            return; // nothing new, or about a node no longer shown
        }
        if (answer.minutes() == null) {
            pastNote = messages.format("node.past.failed", PAST_MINUTES, answer.failure());
            return;
        }
        int kept = seed(answer.minutes());
        pastNote = kept == 0
                ? messages.format("node.past.none", PAST_MINUTES)
                : messages.format("node.past.kept", kept, PAST_MINUTES);
    }

    /**
     * Puts the kept minutes in front of the live seconds already sampled, one point at the middle
     * of each minute; a minute nothing was kept of is a point with no values: a gap in the line.
     *
     * @return minutes with anything kept for any row
     */
    private int seed(io.headroom.core.history.PastMinutes minutes) {
        SampleRing live = history;
        SampleRing seeded = new SampleRing(live.seriesCount(), live.capacity());
        long firstLive = live.size() > 0 ? live.time(0) : Long.MAX_VALUE;
        int kept = 0;
        for (long m = minutes.firstMinute(); m < minutes.firstMinute() + minutes.minutes(); m++) {
            long at = m * 60_000L + 30_000L;
            if (at >= firstLive) {
                break;
            }
            seeded.append(at);
            boolean any = false;
            for (int r = 0; r < rows.size() && r < minutes.uuids().size(); r++) {
                if (minutes.kept(r, m)) {
                    any = true;
                    seeded.set(series(r, Metric.UTILIZATION), pastActivity(minutes, r, m));
                    seeded.set(series(r, Metric.POWER), minutes.powerW(r, m));
                    seeded.set(series(r, Metric.TEMPERATURE), minutes.maxTempC(r, m));
                    // Memory is not kept per minute: its past stays a gap.
                } else if (!rows.get(r).isSlice()) {
                    float fromSlices = pastActivity(minutes, r, m);
                    seeded.set(series(r, Metric.UTILIZATION), fromSlices);
                    any |= !Float.isNaN(fromSlices);
                }
            }
            kept += any ? 1 : 0;
        }
        for (int i = 0; i < live.size(); i++) {
            seeded.append(live.time(i));
            for (int s = 0; s < live.seriesCount(); s++) {
                seeded.set(s, live.value(s, i));
            }
        }
        history = seeded;
        historyVersion++;
        return kept;
    }

    /** As {@link #activity} for a kept minute: a MIG GPU kept no utilization of its own, its slices did. */
    private float pastActivity(io.headroom.core.history.PastMinutes minutes, int r, long m) {
        float own = minutes.utilizationPct(r, m);
        int slot = rows.get(r).slot();
        if (!Float.isNaN(own) || layout.isSlice(slot)) {
            return own;
        }
        float whole = layout.peakTflops(slot);
        double weighted = 0;
        boolean measured = false;
        // A GPU's slices are the rows right after it, in slot order.
        for (int s = r + 1;
                s < rows.size() && rows.get(s).isSlice() && s < minutes.uuids().size();
                s++) {
            float slice = minutes.utilizationPct(s, m);
            if (!Float.isNaN(slice) && whole > 0) {
                weighted += slice * layout.peakTflops(rows.get(s).slot()) / whole;
                measured = true;
            }
        }
        return measured ? (float) weighted : Float.NaN;
    }

    // The history ring keeps one flat float series per (row, metric) at row * METRICS.length + metric.ordinal().
    @SuppressWarnings("EnumOrdinal")
    private static int series(int row, Metric metric) {
        return row * METRICS.length + metric.ordinal();
    }

    /** Stale slots get a gap, not their old value repeated as if it were live. */
    // The history ring keeps one flat float series per (row, metric) at row * METRICS.length + metric.ordinal(); it is
    // filled every refresh and read on the paint path.
    @SuppressWarnings("EnumOrdinal")
    private void sample(FleetTelemetry telemetry, long nowMillis) {
        history.append(nowMillis);
        historyVersion++;
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
    /** Instants held for this node: seconds sampled, and minutes read from history in front of them. */
    public int historySize() {
        return history.size();
    }

    /** Changes whenever the sparklines have something new to draw. */
    public long historyVersion() {
        return historyVersion;
    }

    /**
     * What the history said about the minutes before the node was chosen: being read, how many
     * were kept, none, or why it could not be read; empty without a history to read.
     */
    public String pastNote() {
        return pastNote;
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

package io.headroom.views.node;

import io.headroom.core.alerts.SlowdownTemperatures;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.ComputeInstance;
import io.headroom.core.fleet.DeviceHealth;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IntegerReading;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.idle.IdleState;
import io.headroom.views.Messages;
import io.headroom.views.vendor.VendorTerms;
import java.util.Locale;

/**
 * One GPU, or one MIG slice of it, of the node on show: what it is, and what it reported
 * last. Refreshed in place every frame; the rows themselves change only with the node or
 * the inventory. Power and temperature belong to the whole GPU, so a slice has neither.
 */
public final class GpuRow {

    private final int slot;
    private final boolean slice;
    private final String title;
    private final String model;
    private final float slowdownC;
    private final float memoryTotalMib;
    private IdleState state = IdleState.STALE;
    private float powerLimitW = Float.NaN;
    private int lastXid;
    private int eccUncorrectable;
    private int remappedRows;
    private int unmeasured = IntegerReading.ALL;
    private boolean missing;
    private DeviceHealth health = DeviceHealth.UNKNOWN;

    GpuRow(Messages messages, FleetLayout layout, int slot) {
        this.slot = slot;
        Accelerator gpu = layout.accelerator(slot);
        MigSlice mig = layout.slice(slot);
        this.slice = mig != null;
        VendorTerms terms = VendorTerms.of(messages, gpu.vendor());
        this.title = mig == null ? terms.device(messages, gpu.index()) : sliceTitle(messages, terms, mig);
        this.model = gpu.model().replaceFirst("^(?i)nvidia ", "");
        this.slowdownC = SlowdownTemperatures.forModel(gpu.model());
        this.memoryTotalMib = layout.memoryTotalMib(slot);
    }

    /** A GPU instance once, however many compute instances it is split into: the split only follows its name. */
    private static String sliceTitle(Messages messages, VendorTerms terms, MigSlice mig) {
        if (mig.computeInstances().size() < 2) {
            return terms.slice(messages, mig.profileName(), mig.gpuInstanceId());
        }
        return messages.format(
                "node.slice.split",
                mig.profileName(),
                mig.gpuInstanceId(),
                mig.computeInstances().size(),
                String.join(
                        ", ",
                        mig.computeInstances().stream()
                                .map(ComputeInstance::sizeName)
                                .toList()));
    }

    void refresh(FleetTelemetry telemetry, IdleState state) {
        this.state = state;
        powerLimitW = telemetry.powerLimitW(slot);
        lastXid = telemetry.lastXid(slot);
        eccUncorrectable = telemetry.eccUncorrectable(slot);
        remappedRows = telemetry.remappedRowFailures(slot);
        unmeasured = telemetry.unmeasured(slot);
        missing = telemetry.missing(slot);
        health = telemetry.health(slot);
    }

    /** The device's own health verdict (npu-smi on Ascend); unknown where its source gives none. */
    public DeviceHealth health() {
        return health;
    }

    public int slot() {
        return slot;
    }

    public boolean isSlice() {
        return slice;
    }
    /** "GPU 3", or "MIG 3g.40gb #1" for a slice ("MIG 3g.40gb #1 · 2 compute instances (1c, 2c)" when split). */
    public String title() {
        return title;
    }
    /** Without the vendor: "H100 80GB HBM3". */
    public String model() {
        return model;
    }

    public float slowdownC() {
        return slowdownC;
    }

    public float memoryTotalMib() {
        return memoryTotalMib;
    }

    public IdleState state() {
        return state;
    }

    public float powerLimitW() {
        return powerLimitW;
    }

    public int lastXid() {
        return lastXid;
    }

    public int eccUncorrectable() {
        return eccUncorrectable;
    }

    public int remappedRows() {
        return remappedRows;
    }

    public boolean missing() {
        return missing;
    }
    /** False when the source could not measure it: the value above is 0 and means nothing. */
    public boolean measured(IntegerReading reading) {
        return (unmeasured & reading.bit()) == 0;
    }

    /** The short badges beside the row's name for what is wrong: "XID 79", "ECC 2", "missing". */
    String badges(Messages messages) {
        StringBuilder text = new StringBuilder();
        if (missing) {
            text.append(messages.get("node.badge.missing"));
        }
        if (health.troubled()) {
            text.append(text.isEmpty() ? "" : " \u00b7 ")
                    .append(messages.format(
                            "node.badge.health",
                            messages.get("node.health." + health.name().toLowerCase(Locale.ROOT))));
        }
        if (measured(IntegerReading.LAST_XID) && lastXid != 0) {
            text.append(text.isEmpty() ? "" : " \u00b7 ")
                    .append(messages.format("node.badge.xid", String.valueOf(lastXid)));
        }
        if (measured(IntegerReading.ECC_UNCORRECTABLE) && eccUncorrectable > 0) {
            text.append(text.isEmpty() ? "" : " \u00b7 ")
                    .append(messages.format("node.badge.ecc", messages.integer(eccUncorrectable)));
        }
        return text.toString();
    }

    /**
     * Beside the badges, for a GPU whose source cannot measure its XIDs or ECC errors: "XID — · ECC —",
     * never a reassuring nothing. A slice reports no XIDs or ECC of its own (they are its GPU's).
     */
    String unmeasuredBadges(Messages messages) {
        if (slice) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        if (!measured(IntegerReading.LAST_XID)) {
            text.append(messages.format("node.badge.xid", messages.get("value.none")));
        }
        if (!measured(IntegerReading.ECC_UNCORRECTABLE)) {
            text.append(text.isEmpty() ? "" : " \u00b7 ")
                    .append(messages.format("node.badge.ecc", messages.get("value.none")));
        }
        return text.toString();
    }

    /** The value shown on a metric's sparkline, with its unit and, where it helps, its limit. */
    String valueText(Messages messages, NodeDetailViewModel.Metric metric, float value) {
        if (Float.isNaN(value)) {
            return messages.get("value.none");
        }
        return switch (metric) {
            case UTILIZATION -> messages.percent(value);
            case POWER ->
                Float.isNaN(powerLimitW)
                        ? messages.format("node.value.watts", messages.integer(Math.round(value)))
                        : messages.format(
                                "node.value.watts-of",
                                messages.integer(Math.round(value)),
                                messages.integer(Math.round(powerLimitW)));
            case TEMPERATURE -> messages.format("node.value.celsius", messages.integer(Math.round(value)));
            case MEMORY ->
                messages.format(
                        "node.value.memory",
                        gib(messages, value / 100 * memoryTotalMib),
                        gib(messages, memoryTotalMib));
        };
    }

    private static String gib(Messages messages, double mib) {
        return messages.oneDecimal(mib / 1024);
    }

    @Override
    public String toString() {
        return title.toLowerCase(Locale.ROOT) + " " + state;
    }
}

package io.headroom.core.alerts;

import java.util.Locale;

/** What an alert is about, in the order the filter lists them. */
public enum AlertKind {
    /** A GPU at or above its model's thermal slowdown point. */
    GPU_HOT,
    /** An XID that means the hardware, not the job, is in trouble. */
    CRITICAL_XID,
    /** Uncorrectable ECC errors on a GPU or slice. */
    ECC_UNCORRECTABLE,
    /** In the inventory, but gone from the driver's device list: fallen off the bus. */
    GPU_MISSING,
    /** No sample from any GPU of a node within the stale window. */
    NODE_STALE,
    /** Rack inlet air above the recommended range. */
    RACK_INLET_HOT,
    /** A rack drawing more than 90 % of its power budget. */
    RACK_NEAR_BUDGET,
    /** An accelerator its vendor's own tool calls unhealthy (Ascend Warning, Alarm or Critical). */
    VENDOR_HEALTH;

    /** The message key of the kind's name, e.g. {@code alert.kind.gpu-hot}. */
    public String nameKey() {
        return "alert.kind." + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the alert points at a rack rather than a node. */
    public boolean aboutRack() {
        return this == RACK_INLET_HOT || this == RACK_NEAR_BUDGET;
    }
}

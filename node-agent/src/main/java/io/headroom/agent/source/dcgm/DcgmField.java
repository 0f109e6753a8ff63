package io.headroom.agent.source.dcgm;

import java.util.HashMap;
import java.util.Map;

/**
 * The dcgm-exporter metrics Headroom reads, under their classic DCGM names and the names
 * DCGM 4.6 gave the same fields. The new names are aliases of the same field ids, so the
 * values keep their old units: GPU_UTIL_RATIO is still a percentage, GR_ENGINE_UTIL_RATIO
 * (like GR_ENGINE_ACTIVE before it) still a ratio from 0 to 1.
 */
enum DcgmField {
    GPU_UTIL_PCT("DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_GPU_UTIL_RATIO"),
    /** Graphics engine activity, 0..1: the one activity figure DCGM has per MIG instance. */
    GR_ENGINE_ACTIVE_RATIO("DCGM_FI_PROF_GR_ENGINE_ACTIVE", "DCGM_FI_PROF_GR_ENGINE_UTIL_RATIO"),
    FB_USED_MIB("DCGM_FI_DEV_FB_USED"),
    FB_FREE_MIB("DCGM_FI_DEV_FB_FREE"),
    FB_TOTAL_MIB("DCGM_FI_DEV_FB_TOTAL"),
    POWER_W("DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_DEV_BOARD_POWER_WATTS"),
    POWER_LIMIT_ENFORCED_W("DCGM_FI_DEV_ENFORCED_POWER_LIMIT", "DCGM_FI_DEV_BOARD_POWER_LIMIT_ENFORCED_WATTS"),
    POWER_LIMIT_W("DCGM_FI_DEV_POWER_MGMT_LIMIT", "DCGM_FI_DEV_BOARD_POWER_LIMIT_REQUESTED_WATTS"),
    GPU_TEMP_C("DCGM_FI_DEV_GPU_TEMP", "DCGM_FI_DEV_GPU_TEMP_CELSIUS"),
    MEMORY_TEMP_C("DCGM_FI_DEV_MEMORY_TEMP", "DCGM_FI_DEV_MEMORY_TEMP_CELSIUS"),
    SM_CLOCK_MHZ("DCGM_FI_DEV_SM_CLOCK"),
    CLOCK_EVENT_REASONS("DCGM_FI_DEV_CLOCK_THROTTLE_REASONS", "DCGM_FI_DEV_CLOCKS_EVENT_REASONS"),
    XID("DCGM_FI_DEV_XID_ERRORS", "DCGM_FI_DEV_XID_ERROR"),
    ECC_DBE_VOLATILE("DCGM_FI_DEV_ECC_DBE_VOL_TOTAL"),
    ROW_REMAP_FAILED("DCGM_FI_DEV_ROW_REMAP_FAILURE", "DCGM_FI_DEV_ROW_REMAP_FAILED");

    private static final Map<String, DcgmField> BY_NAME = new HashMap<>();

    static {
        for (DcgmField field : values()) {
            for (String name : field.names) {
                BY_NAME.put(name, field);
            }
        }
    }

    // set once by the constructor from its literal arguments and read only by the static initialiser that builds
    // BY_NAME
    @SuppressWarnings("ImmutableEnumChecker")
    private final String[] names;

    DcgmField(String... names) {
        this.names = names;
    }

    /** The field a metric name stands for, or null for the many Headroom does not use. */
    static DcgmField byName(String metric) {
        return BY_NAME.get(metric);
    }

    /**
     * DCGM's "blank" values: a field the GPU cannot report comes out as a number at or above
     * 0x7ffffffffffffff0 (int64), 0x7ffffff0 (int32) or 2^47 (fp64), never as a real reading.
     */
    static boolean isBlank(double value) {
        return Double.isNaN(value)
                || value >= (double) 0x7ffffffffffffff0L
                || (value >= 0x7ffffff0 && value <= 0x7fffffff)
                || value >= 140737488355328.0;
    }
}

package io.headroom.agent.exporter;

import io.headroom.core.fleet.FleetTelemetry;

/**
 * The dcgm-exporter fields the simulator serves: those of dcgm-exporter's default set (and
 * the few Headroom's own source reads besides) for which the simulator has a value, under
 * their classic DCGM names and units. A real exporter with the default counters serves about
 * 20 fields per GPU; fields the simulator does not model (memory clock, energy, PCIe and
 * NVLink counters, encoder and decoder use, ...) are left out rather than made up.
 *
 * <p>Under MIG dcgm-exporter writes one row per GPU instance and none for the GPU itself:
 * GPU-wide fields (clocks, power, temperatures, errors) repeat the GPU's value on every
 * instance's row, while memory and engine activity are the instance's own. GPU_UTIL is not
 * supported under MIG and is left out there.
 */
enum ExportedField {
    SM_CLOCK("DCGM_FI_DEV_SM_CLOCK", "SM clock frequency (in MHz).", "gauge") {
        @Override
        float value(FleetTelemetry t, int gpu, int row) {
            return t.smClockMhz(gpu);
        }
    },
    MEMORY_TEMP("DCGM_FI_DEV_MEMORY_TEMP", "Memory temperature (in C).", "gauge") {
        @Override
        float value(FleetTelemetry t, int gpu, int row) {
            return t.memoryTempC(gpu);
        }
    },
    GPU_TEMP("DCGM_FI_DEV_GPU_TEMP", "GPU temperature (in C).", "gauge") {
        @Override
        float value(FleetTelemetry t, int gpu, int row) {
            return t.gpuTempC(gpu);
        }
    },
    POWER_USAGE("DCGM_FI_DEV_POWER_USAGE", "Power draw (in W).", "gauge") {
        @Override
        float value(FleetTelemetry t, int gpu, int row) {
            return t.powerW(gpu);
        }
    },
    ENFORCED_POWER_LIMIT(
            "DCGM_FI_DEV_ENFORCED_POWER_LIMIT", "Effective power limit that the driver enforces in watts.", "gauge") {
        @Override
        float value(FleetTelemetry t, int gpu, int row) {
            return t.powerLimitW(gpu);
        }
    },
    GPU_UTIL("DCGM_FI_DEV_GPU_UTIL", "GPU utilization (in %).", "gauge") {
        @Override
        float value(FleetTelemetry t, int gpu, int row) {
            return row == gpu ? t.utilizationPct(gpu) : Float.NaN;
        }
    },
    XID_ERRORS("DCGM_FI_DEV_XID_ERRORS", "Value of the last XID error encountered.", "gauge") {
        @Override
        float value(FleetTelemetry t, int gpu, int row) {
            return t.lastXid(gpu);
        }

        @Override
        boolean readWhenMissing() {
            return true;
        }
    },
    FB_FREE("DCGM_FI_DEV_FB_FREE", "Framebuffer memory free (in MiB).", "gauge") {
        @Override
        float value(FleetTelemetry t, int gpu, int row) {
            float used = t.memoryUsedMib(row);
            return Float.isNaN(used) ? Float.NaN : Math.max(0f, t.layout().memoryTotalMib(row) - used);
        }
    },
    FB_USED("DCGM_FI_DEV_FB_USED", "Framebuffer memory used (in MiB).", "gauge") {
        @Override
        float value(FleetTelemetry t, int gpu, int row) {
            return t.memoryUsedMib(row);
        }
    },
    ECC_DBE_VOLATILE("DCGM_FI_DEV_ECC_DBE_VOL_TOTAL", "Total number of double-bit volatile ECC errors.", "counter") {
        @Override
        float value(FleetTelemetry t, int gpu, int row) {
            return t.eccUncorrectable(gpu);
        }
    },
    ROW_REMAP_FAILURE("DCGM_FI_DEV_ROW_REMAP_FAILURE", "Whether remapping of rows has failed", "gauge") {
        @Override
        float value(FleetTelemetry t, int gpu, int row) {
            return t.remappedRowFailures(gpu);
        }
    },
    CLOCK_THROTTLE_REASONS("DCGM_FI_DEV_CLOCK_THROTTLE_REASONS", "Current clock throttle reasons (bitmask).", "gauge") {
        @Override
        float value(FleetTelemetry t, int gpu, int row) {
            return t.throttleReasons(gpu);
        }
    },
    GR_ENGINE_ACTIVE("DCGM_FI_PROF_GR_ENGINE_ACTIVE", "Ratio of time the graphics engine is active.", "gauge") {
        @Override
        float value(FleetTelemetry t, int gpu, int row) {
            return t.smActivePct(row) / 100f;
        }
    };

    // metric and header: pre-encoded bytes copied into every scrape response; set once in the constructor, never
    // written
    @SuppressWarnings("ImmutableEnumChecker")
    private final byte[] metric;

    @SuppressWarnings("ImmutableEnumChecker") // as metric above
    private final byte[] header;

    ExportedField(String name, String help, String type) {
        this.metric = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.header = ("# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    byte[] metric() {
        return metric;
    }

    /** The {@code # HELP} and {@code # TYPE} lines. */
    byte[] header() {
        return header;
    }

    /**
     * The field's value for one row: {@code gpu} is the GPU's slot, {@code row} the slot the
     * row describes (the GPU itself, or one of its MIG slices). NaN when unavailable.
     */
    abstract float value(FleetTelemetry telemetry, int gpu, int row);

    /** Whether a GPU fallen off the bus still has this field: only its last XID (79) is known. */
    boolean readWhenMissing() {
        return false;
    }
}

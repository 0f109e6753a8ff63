package io.headroom.views.heatmap;

import io.headroom.core.fleet.FleetTelemetry;
import java.util.Locale;

/**
 * What a cell's colour says: the GPU's idle state, or one of its readings on a sequential
 * scale. Each metric knows its reading and the range its scale spans.
 */
public enum Colouring {
    STATE(null, 0, 0),
    UTILIZATION("%", 0, 100),
    POWER("W", 0, Float.NaN),
    TEMPERATURE("\u00b0C", 20, 90),
    MEMORY("%", 0, 100);

    /** Scale when no GPU reports its power limit: an H100 SXM's. */
    static final float DEFAULT_POWER_LIMIT_W = 700;

    private final String unit;
    private final float low;
    private final float high;

    Colouring(String unit, float low, float high) {
        this.unit = unit;
        this.low = low;
        this.high = high;
    }

    public boolean byMetric() {
        return this != STATE;
    }

    /** The message key of its name, e.g. {@code heatmap.colour.utilization}. */
    public String nameKey() {
        return "heatmap.colour." + name().toLowerCase(Locale.ROOT);
    }

    String unit() {
        return unit;
    }

    float low() {
        return low;
    }

    /** The top of the scale; for power, the highest power limit any GPU reports. */
    float high(FleetTelemetry telemetry) {
        if (this != POWER) {
            return high;
        }
        float limit = Float.NaN;
        for (int slot = 0, gpus = telemetry.layout().gpuCount(); slot < gpus; slot++) {
            float l = telemetry.powerLimitW(slot);
            if (!Float.isNaN(l) && (Float.isNaN(limit) || l > limit)) {
                limit = l;
            }
        }
        return Float.isNaN(limit) || limit <= 0 ? DEFAULT_POWER_LIMIT_W : limit;
    }

    /** The slot's reading in this metric's unit; NaN when it has none. */
    float reading(FleetTelemetry telemetry, int slot) {
        return switch (this) {
            case STATE -> Float.NaN;
            case UTILIZATION -> telemetry.activityPct(slot);
            case POWER -> telemetry.powerW(slot);
            case TEMPERATURE -> telemetry.gpuTempC(slot);
            case MEMORY -> {
                float total = telemetry.layout().memoryTotalMib(slot);
                yield total > 0 ? telemetry.memoryUsedMib(slot) / total * 100 : Float.NaN;
            }
        };
    }
}

package io.headroom.core.alerts;

import java.util.List;
import java.util.Locale;

/**
 * Where each GPU model's driver starts slowing the clocks to cool down: a GPU at or above
 * it is losing work. Matched on the model name as nvidia-smi prints it; the first marker
 * found wins, so "H200" is tried before "H20" would be.
 */
public final class SlowdownTemperatures {

    /** For models not in the table: the lowest slowdown point of the data-centre parts we know. */
    public static final float UNKNOWN_MODEL_C = 85f;

    private record Slowdown(String marker, float celsius) {}

    private static final List<Slowdown> TABLE = List.of(
            new Slowdown("H200", 87f), new Slowdown("H100", 87f), new Slowdown("A100", 85f), new Slowdown("L40S", 89f));

    private SlowdownTemperatures() {}

    public static float forModel(String model) {
        String upper = model == null ? "" : model.toUpperCase(Locale.ROOT);
        for (Slowdown slowdown : TABLE) {
            if (upper.contains(slowdown.marker())) {
                return slowdown.celsius();
            }
        }
        return UNKNOWN_MODEL_C;
    }
}

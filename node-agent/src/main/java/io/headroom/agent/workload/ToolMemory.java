package io.headroom.agent.workload;

import java.util.Locale;

/** Memory as device tools print it: {@code 2566 MiB}, {@code 2566}, {@code [N/A]}, {@code [Not Supported]}. */
final class ToolMemory {
    private ToolMemory() {}

    /** MiB; NaN for the tools' ways of saying they do not know, and for anything that is not a number. */
    static float mib(String text) {
        String t = text.strip().replaceFirst("(?i)\\s*mib$", "");
        if (t.isEmpty() || t.startsWith("[") || t.toUpperCase(Locale.ROOT).startsWith("N/A")) {
            return Float.NaN;
        }
        try {
            float value = Float.parseFloat(t);
            return value >= 0 && Float.isFinite(value) ? value : Float.NaN;
        } catch (NumberFormatException e) {
            return Float.NaN;
        }
    }
}

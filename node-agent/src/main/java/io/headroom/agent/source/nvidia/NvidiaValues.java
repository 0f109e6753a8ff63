package io.headroom.agent.source.nvidia;

/**
 * Values as nvidia-smi prints them, in CSV and XML alike: numbers with or without their unit
 * ("81559 MiB", "67.03 W", "27 C", "0 %"), hexadecimal bitmasks, and the several ways of
 * saying "not available": {@code [N/A]}, {@code N/A}, {@code [Not Supported]},
 * {@code [Unknown Error]}, {@code [Insufficient Permissions]}. Those are NaN, never 0.
 */
final class NvidiaValues {
    private NvidiaValues() {}

    /** Thrown for text that is neither a number nor one of the "not available" spellings. */
    static final class NotAValue extends Exception {
        NotAValue(String message) {
            super(message);
        }
    }

    static boolean unavailable(String text) {
        String t = text.strip();
        return t.isEmpty() || t.equals("N/A") || (t.startsWith("[") && t.endsWith("]"));
    }

    /** A number, its unit dropped; NaN when unavailable. */
    static float number(String text) throws NotAValue {
        if (unavailable(text)) {
            return Float.NaN;
        }
        String t = text.strip();
        int end = 0;
        while (end < t.length() && (Character.isDigit(t.charAt(end)) || "+-.eE".indexOf(t.charAt(end)) >= 0)) {
            end++;
        }
        String unit = t.substring(end).strip();
        if (end == 0 || !(unit.isEmpty() || isUnit(unit))) {
            throw new NotAValue("'" + text.strip() + "' is not a number");
        }
        try {
            return Float.parseFloat(t.substring(0, end));
        } catch (NumberFormatException e) {
            throw new NotAValue("'" + text.strip() + "' is not a number");
        }
    }

    /** A count; 0 when unavailable (a count nobody keeps has counted nothing the operator can act on). */
    static int count(String text) throws NotAValue {
        float value = number(text);
        return Float.isNaN(value) ? 0 : (int) value;
    }

    /** A bitmask such as clocks_event_reasons.active ("0x0000000000000001"); 0 when unavailable. */
    static long bitmask(String text) throws NotAValue {
        if (unavailable(text)) {
            return 0;
        }
        String t = text.strip();
        try {
            return t.startsWith("0x") || t.startsWith("0X")
                    ? Long.parseUnsignedLong(t.substring(2), 16)
                    : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new NotAValue("'" + t + "' is not a bitmask");
        }
    }

    /** "Yes"/"No" flags such as remapped_rows.failure: 1 or 0; 0 when unavailable. */
    static int flag(String text) throws NotAValue {
        if (unavailable(text)) {
            return 0;
        }
        return switch (text.strip()) {
            case "Yes", "yes", "1" -> 1;
            case "No", "no", "0" -> 0;
            default -> throw new NotAValue("'" + text.strip() + "' is neither Yes nor No");
        };
    }

    private static boolean isUnit(String unit) {
        return switch (unit) {
            case "MiB", "GiB", "KiB", "W", "C", "%", "MHz", "us", "ms" -> true;
            default -> false;
        };
    }
}

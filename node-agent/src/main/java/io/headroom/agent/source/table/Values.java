package io.headroom.agent.source.table;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values in a device tool's table: numbers with their units ("51.0C", "106 W", "0 %"),
 * pairs of used and total ("4252 / 15137", "0 MiB/ 23374 MiB"), and the tools' words for a
 * value they do not have ("N/A", "NA", "-"), which read as NaN, never as 0.
 */
public final class Values {
    private static final Pattern NUMBER = Pattern.compile("(-?[0-9]{1,15}(?:\\.[0-9]{1,12})?)\\s*([A-Za-z%]{0,8})");
    private static final Pattern UNIT = Pattern.compile("[A-Za-z%]{1,8}/?");

    private Values() {}

    /** Whether the tool says it has no value here. */
    public static boolean absent(String text) {
        String t = text == null ? "" : text.strip();
        return t.isEmpty() || t.equals("N/A") || t.equals("NA") || t.equals("-") || t.equals("--");
    }

    /** The number, units dropped; NaN when the tool has none; an IllegalArgumentException naming it when it is no number. */
    public static double number(String column, String text) {
        if (absent(text)) {
            return Double.NaN;
        }
        Matcher m = NUMBER.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(column + " is '" + text.strip() + "', not a number");
        }
        return Double.parseDouble(m.group(1));
    }

    /** "used / total" as two numbers (each NaN when absent); an IllegalArgumentException when it is not a pair. */
    public static double[] pair(String column, String text) {
        if (absent(text)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        String[] parts = text.split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException(column + " is '" + text.strip() + "', not 'used / total'");
        }
        return new double[] {number(column, parts[0]), number(column, parts[1])};
    }

    /**
     * A cell's text split into {@code expected} values: by spaces, but a unit stays with its number
     * ("106 W") and a slash joins used and total ("0 MiB/ 23374 MiB"), unless the cell already has
     * exactly as many words as expected ("0 / MLU370-X8 v1.1.6" under "Card VF Name Firmware").
     */
    public static List<String> fields(String cell, int expected) {
        String stripped = cell.strip();
        if (stripped.isEmpty()) {
            return List.of();
        }
        String[] words = stripped.split("\\s+");
        if (words.length == expected) {
            return List.of(words);
        }
        List<String> fields = new ArrayList<>();
        boolean join = false;
        for (String word : words) {
            boolean attach = !fields.isEmpty()
                    && (join || word.startsWith("/") || (UNIT.matcher(word).matches() && !word.equals("N/A")));
            if (attach) {
                fields.set(fields.size() - 1, fields.getLast() + " " + word);
            } else {
                fields.add(word);
            }
            join = word.endsWith("/");
        }
        return fields;
    }
}

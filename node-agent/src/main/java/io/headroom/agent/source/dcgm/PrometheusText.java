package io.headroom.agent.source.dcgm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus text exposition format (version 0.0.4), read strictly line by line: a line
 * that is not a comment, a blank or a well-formed sample is reported with its number and
 * skipped, and the rest of the scrape is still used. The Prometheus Java client only writes
 * this format, so the agent carries its own reader.
 */
public final class PrometheusText {
    private PrometheusText() {}

    /** One sample: {@code name{labels} value}. */
    public record Sample(String name, Map<String, String> labels, double value, int line) {
        public String label(String key) {
            return labels.get(key);
        }
    }

    /** A line that could not be read, by its number (from 1). */
    public record Problem(int line, String text, String reason) {}

    public record Parsed(List<Sample> samples, List<Problem> problems) {}

    public static Parsed parse(String text) {
        List<Sample> samples = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                samples.add(sample(line, i + 1));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(i + 1, line, e.getMessage()));
            }
        }
        return new Parsed(samples, problems);
    }

    private static Sample sample(String line, int number) {
        int at = 0;
        int nameEnd = at;
        while (nameEnd < line.length() && isNameChar(line.charAt(nameEnd), nameEnd == 0)) {
            nameEnd++;
        }
        if (nameEnd == 0) {
            throw new IllegalArgumentException("a sample must start with a metric name");
        }
        String name = line.substring(0, nameEnd);
        at = nameEnd;
        Map<String, String> labels = new LinkedHashMap<>();
        if (at < line.length() && line.charAt(at) == '{') {
            at = labels(line, at + 1, labels);
        }
        if (at >= line.length() || (line.charAt(at) != ' ' && line.charAt(at) != '\t')) {
            throw new IllegalArgumentException("expected a space and a value after " + shortened(name));
        }
        String[] rest = line.substring(at).strip().split("[ \t]+", -1); // stripped: no trailing empty field either way
        if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
            throw new IllegalArgumentException(
                    "expected a value (and optionally a timestamp) after " + shortened(name));
        }
        double value = value(rest[0]);
        if (rest.length == 2) {
            try {
                Long.parseLong(rest[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "timestamp '" + shortened(rest[1]) + "' is not a whole number of milliseconds");
            }
        }
        return new Sample(name, Map.copyOf(labels), value, number);
    }

    /** Reads {@code a="x",b="y"}} from {@code at} (after the brace); returns the index after the closing brace. */
    private static int labels(String line, int at, Map<String, String> labels) {
        while (true) {
            while (at < line.length() && line.charAt(at) == ' ') {
                at++;
            }
            if (at < line.length() && line.charAt(at) == '}') {
                return at + 1;
            }
            int start = at;
            while (at < line.length() && isNameChar(line.charAt(at), at == start) && line.charAt(at) != ':') {
                at++;
            }
            if (at == start || at >= line.length() || line.charAt(at) != '=') {
                throw new IllegalArgumentException("malformed label at column " + (start + 1));
            }
            String key = line.substring(start, at);
            at++;
            if (at >= line.length() || line.charAt(at) != '"') {
                throw new IllegalArgumentException("label " + shortened(key) + " needs a quoted value");
            }
            at++;
            StringBuilder value = new StringBuilder();
            while (true) {
                if (at >= line.length()) {
                    throw new IllegalArgumentException("label " + shortened(key) + ": unterminated value");
                }
                char c = line.charAt(at++);
                if (c == '"') {
                    break;
                }
                if (c == '\\' && at < line.length()) {
                    char escaped = line.charAt(at++);
                    value.append(
                            switch (escaped) {
                                case 'n' -> '\n';
                                case '\\' -> '\\';
                                case '"' -> '"';
                                default ->
                                    throw new IllegalArgumentException(
                                            "label " + shortened(key) + ": unknown escape \\" + escaped);
                            });
                } else {
                    value.append(c);
                }
            }
            if (labels.put(key, value.toString()) != null) {
                throw new IllegalArgumentException("label " + shortened(key) + " given twice");
            }
            if (at < line.length() && line.charAt(at) == ',') {
                at++;
            } else if (at >= line.length() || line.charAt(at) != '}') {
                throw new IllegalArgumentException("expected ',' or '}' after label " + shortened(key));
            }
        }
    }

    /**
     * A value as the format defines it: what Go's {@code strconv.ParseFloat} accepts, less the
     * hexadecimal ('p') and underscored forms Prometheus refuses first. So NaN and Inf in any
     * case ("Nan", "+inf", "-Infinity"), a sign only before Inf; Java's own spellings ("1d",
     * "2f", "+NaN") are not values.
     */
    static double value(String text) {
        String unsigned = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
        if (unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity")) {
            return text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (text.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (!DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException("value '" + shortened(text) + "' is not a number");
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            // Go reports a finite spelling beyond double's range as an error, and Prometheus drops the line.
            throw new IllegalArgumentException("value '" + shortened(text) + "' is out of range");
        }
        return value;
    }

    /** Go's decimal float syntax (digits, one point, an exponent), which is also Java's without its suffixes. */
    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    /** Reasons name what was wrong, not a whole 200 KB line of it. */
    private static String shortened(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }

    private static boolean isNameChar(char c, boolean first) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || c == '_'
                || c == ':'
                || (!first && c >= '0' && c <= '9');
    }
}

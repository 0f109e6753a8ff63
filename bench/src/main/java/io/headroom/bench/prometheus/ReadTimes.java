package io.headroom.bench.prometheus;

import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;

/**
 * Times to read the current state of every GPU, run several times: median and slowest, and
 * how many values one read returned.
 */
record ReadTimes(double medianMillis, double maxMillis, long values, int runs) {

    static final ReadTimes NONE = new ReadTimes(Double.NaN, Double.NaN, 0, 0);

    static ReadTimes of(double[] millis, long values) {
        if (millis.length == 0) {
            return NONE;
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new ReadTimes(sorted[sorted.length / 2], sorted[sorted.length - 1], values, millis.length);
    }

    String describe() {
        if (runs == 0) {
            return "-";
        }
        if (values < 0) {
            return "no answer (query failed or timed out)";
        }
        String time = runs == 1
                ? String.format(Locale.ROOT, "%s (1 run)", millis(medianMillis))
                : String.format(Locale.ROOT, "%s (slowest of %d: %s)", millis(medianMillis), runs, millis(maxMillis));
        return String.format(Locale.ROOT, "%s, %,d values", time, values);
    }

    private static String millis(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%,.0f ms", ms) : String.format(Locale.ROOT, "%.2f ms", ms);
    }

    void writeTo(Properties out, String prefix) {
        out.setProperty(prefix + "median", Double.toString(medianMillis));
        out.setProperty(prefix + "max", Double.toString(maxMillis));
        out.setProperty(prefix + "values", Long.toString(values));
        out.setProperty(prefix + "runs", Integer.toString(runs));
    }

    static ReadTimes readFrom(Properties in, String prefix) {
        return new ReadTimes(
                Double.parseDouble(in.getProperty(prefix + "median")),
                Double.parseDouble(in.getProperty(prefix + "max")),
                Long.parseLong(in.getProperty(prefix + "values")),
                Integer.parseInt(in.getProperty(prefix + "runs")));
    }
}

package io.headroom.bench.prometheus;

import java.util.Locale;
import java.util.Properties;
import org.HdrHistogram.Histogram;

/**
 * How old the newest value of each GPU was at the consumer, over all probes of a window:
 * age = the consumer's clock at the probe minus the simulator's sample time of that value.
 * A GPU the consumer had no value for at a probe is counted as missing, and in the
 * percentiles as older than anything measured ({@link #NO_VALUE_MILLIS}).
 */
record FreshnessFigures(
        long p50Millis,
        long p90Millis,
        long p99Millis,
        long maxMillis,
        long readings,
        long missing,
        int probes,
        long presentP50Millis,
        long presentP99Millis) {

    /** Ages are recorded up to this; a GPU without any value counts as this old. */
    static final long NO_VALUE_MILLIS = 3_600_000;

    static Histogram histogram() {
        return new Histogram(NO_VALUE_MILLIS, 3);
    }

    static void record(Histogram ages, long ageMillis, long gpus) {
        ages.recordValueWithCount(Math.clamp(ageMillis, 0, NO_VALUE_MILLIS), gpus);
    }

    static FreshnessFigures of(Histogram ages, long missing, int probes) {
        // Among the GPUs that had a value: how old those values were, apart from the ones it lacked.
        long presentP50 = ages.getTotalCount() == 0 ? -1 : ages.getValueAtPercentile(50);
        long presentP99 = ages.getTotalCount() == 0 ? -1 : ages.getValueAtPercentile(99);
        if (missing > 0) {
            ages.recordValueWithCount(NO_VALUE_MILLIS, missing);
        }
        if (ages.getTotalCount() == 0) {
            return new FreshnessFigures(-1, -1, -1, -1, 0, missing, probes, -1, -1);
        }
        return new FreshnessFigures(
                ages.getValueAtPercentile(50),
                ages.getValueAtPercentile(90),
                ages.getValueAtPercentile(99),
                ages.getMaxValue(),
                ages.getTotalCount() - missing,
                missing,
                probes,
                presentP50,
                presentP99);
    }

    double missingShare() {
        long all = readings + missing;
        return all == 0 ? 0 : (double) missing / all;
    }

    void writeTo(Properties out, String prefix) {
        out.setProperty(prefix + "p50", Long.toString(p50Millis));
        out.setProperty(prefix + "p90", Long.toString(p90Millis));
        out.setProperty(prefix + "p99", Long.toString(p99Millis));
        out.setProperty(prefix + "max", Long.toString(maxMillis));
        out.setProperty(prefix + "readings", Long.toString(readings));
        out.setProperty(prefix + "missing", Long.toString(missing));
        out.setProperty(prefix + "probes", Integer.toString(probes));
        out.setProperty(prefix + "present.p50", Long.toString(presentP50Millis));
        out.setProperty(prefix + "present.p99", Long.toString(presentP99Millis));
    }

    static FreshnessFigures readFrom(Properties in, String prefix) {
        return new FreshnessFigures(
                Long.parseLong(in.getProperty(prefix + "p50")),
                Long.parseLong(in.getProperty(prefix + "p90")),
                Long.parseLong(in.getProperty(prefix + "p99")),
                Long.parseLong(in.getProperty(prefix + "max")),
                Long.parseLong(in.getProperty(prefix + "readings")),
                Long.parseLong(in.getProperty(prefix + "missing")),
                Integer.parseInt(in.getProperty(prefix + "probes")),
                Long.parseLong(in.getProperty(prefix + "present.p50")),
                Long.parseLong(in.getProperty(prefix + "present.p99")));
    }

    /** "0.52 / 0.91 / 1.10 / 1.31 s", or "no value" pieces shown as such. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "%s / %s / %s / %s s",
                seconds(p50Millis),
                seconds(p90Millis),
                seconds(p99Millis),
                seconds(maxMillis));
    }

    /** p50 / p99 of the GPUs that had a value. */
    String describePresent() {
        return String.format(Locale.ROOT, "%s / %s s", seconds(presentP50Millis), seconds(presentP99Millis));
    }

    private static String seconds(long millis) {
        if (millis < 0) {
            return "-";
        }
        return millis >= NO_VALUE_MILLIS ? "none" : String.format(Locale.ROOT, "%.2f", millis / 1000.0);
    }
}

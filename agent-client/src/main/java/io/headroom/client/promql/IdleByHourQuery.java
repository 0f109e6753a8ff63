package io.headroom.client.promql;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Idle by hour from a site's TSDB: reads the {@code <group>:headroom_gpu_idle_share:1h}, {@code
 * ..._held_idle_share:1h} and {@code ..._hours_with_data:1h} series that Headroom's recording rules keep, at whole
 * hours. The value the rules record at T is the hour before T, so the hour starting at S is read at S + 1 h.
 */
public final class IdleByHourQuery {

    /** What the rows are: the label the rules group by. */
    public enum By {
        RACK,
        POOL,
        TENANT,
        HALL;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Duration HOUR = Duration.ofHours(1);

    private final PromqlClient client;

    public IdleByHourQuery(PromqlClient client) {
        this.client = client;
    }

    /** One row per group and hour with data, for the hours starting in [from, to); both whole hours. */
    public List<IdleHourRow> read(By by, Instant from, Instant to) throws PromqlFailure, InterruptedException {
        Instant first = from.plus(HOUR);
        Instant last = to;
        if (last.isBefore(first)) {
            return List.of();
        }
        String prefix = by.label() + ":headroom_gpu_";
        int hours = (int) Duration.between(first, last).toHours() + 1;
        // Per group, one column per figure and one cell per hour: no map entry per cell at 100,000 GPUs.
        Map<String, double[][]> groups = new HashMap<>();
        collect(groups, by, client.queryRange(prefix + "hours_with_data:1h", first, last, HOUR), 0, first, hours);
        collect(groups, by, client.queryRange(prefix + "idle_share:1h", first, last, HOUR), 1, first, hours);
        collect(groups, by, client.queryRange(prefix + "held_idle_share:1h", first, last, HOUR), 2, first, hours);
        List<IdleHourRow> result = new ArrayList<>();
        List<String> names = new ArrayList<>(groups.keySet());
        names.sort(null);
        for (String group : names) {
            double[][] figures = groups.get(group);
            for (int h = 0; h < hours; h++) {
                double withData = figures[0][h];
                double idle = figures[1][h];
                double held = figures[2][h];
                // An hour with no GPU-hours with data has no shares: it is left out, never shown as 0 idle.
                if (withData > 0 && !Double.isNaN(idle) && !Double.isNaN(held)) {
                    result.add(new IdleHourRow(group, from.plus(Duration.ofHours(h)), idle, held, withData));
                }
            }
        }
        return result;
    }

    private static void collect(
            Map<String, double[][]> groups, By by, List<RangeSeries> series, int column, Instant first, int hours) {
        long firstMillis = first.toEpochMilli();
        for (RangeSeries s : series) {
            double[][] figures = groups.computeIfAbsent(s.label(by.label()), g -> {
                double[][] empty = new double[3][hours];
                for (double[] f : empty) {
                    java.util.Arrays.fill(f, Double.NaN);
                }
                return empty;
            });
            for (int i = 0; i < s.size(); i++) {
                long offset = s.timesMillis()[i] - firstMillis;
                if (offset >= 0 && offset % HOUR.toMillis() == 0 && offset / HOUR.toMillis() < hours) {
                    figures[column][(int) (offset / HOUR.toMillis())] = s.values()[i];
                }
            }
        }
    }
}

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
        Map<Key, double[]> rows = new HashMap<>();
        collect(rows, by, client.queryRange(prefix + "hours_with_data:1h", first, last, HOUR), 0);
        collect(rows, by, client.queryRange(prefix + "idle_share:1h", first, last, HOUR), 1);
        collect(rows, by, client.queryRange(prefix + "held_idle_share:1h", first, last, HOUR), 2);
        List<IdleHourRow> result = new ArrayList<>(rows.size());
        rows.forEach((key, v) -> {
            // An hour with no GPU-hours with data has no shares: it is left out, never shown as 0 idle.
            if (v[0] > 0 && !Double.isNaN(v[1]) && !Double.isNaN(v[2])) {
                result.add(new IdleHourRow(key.group(), Instant.ofEpochMilli(key.startMillis()), v[1], v[2], v[0]));
            }
        });
        result.sort((a, b) -> a.group().equals(b.group())
                ? a.start().compareTo(b.start())
                : a.group().compareTo(b.group()));
        return result;
    }

    private record Key(String group, long startMillis) {}

    private static void collect(Map<Key, double[]> rows, By by, List<RangeSeries> series, int column) {
        for (RangeSeries s : series) {
            String group = s.label(by.label());
            for (int i = 0; i < s.size(); i++) {
                double[] row = rows.computeIfAbsent(new Key(group, s.timesMillis()[i] - HOUR.toMillis()), k ->
                        new double[] {Double.NaN, Double.NaN, Double.NaN});
                row[column] = s.values()[i];
            }
        }
    }
}

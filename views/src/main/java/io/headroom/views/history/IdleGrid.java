package io.headroom.views.history;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cells of the "Idle by hour" heatmap: groups (sorted by name, racks "h1-a02" before
 * "h1-a10") by hours, each the idle fraction, NaN for an hour without data. Plain Java.
 *
 * @param firstHour the epoch hour of column 0
 */
// Flat groups x hours arrays, as the heatmap paints them; a grid is built once per query and not compared.
@SuppressWarnings("ArrayRecordComponent")
public record IdleGrid(
        Grouping grouping, List<String> groups, long firstHour, int hours, double[] idle, double[] held, int[] gpus) {

    public static IdleGrid empty(Grouping grouping, Instant from, int hours) {
        return of(grouping, from, hours, List.of());
    }

    /** Lays the cells out; cells outside the range are left out. */
    public static IdleGrid of(Grouping grouping, Instant from, int hours, List<IdleHour> cells) {
        long firstHour = Math.floorDiv(from.getEpochSecond(), 3600L);
        Map<String, Integer> rows = new TreeMap<>(IdleGrid::naturalOrder);
        for (IdleHour cell : cells) {
            rows.put(cell.group(), 0);
        }
        List<String> groups = List.copyOf(rows.keySet());
        for (int i = 0; i < groups.size(); i++) {
            rows.put(groups.get(i), i);
        }
        double[] idle = new double[groups.size() * hours];
        double[] held = new double[idle.length];
        int[] gpus = new int[idle.length];
        Arrays.fill(idle, Double.NaN);
        Arrays.fill(held, Double.NaN);
        for (IdleHour cell : cells) {
            long column = Math.floorDiv(cell.start().getEpochSecond(), 3600L) - firstHour;
            if (column < 0 || column >= hours) {
                continue;
            }
            int at = rows.get(cell.group()) * hours + (int) column;
            idle[at] = cell.idleFraction();
            held[at] = cell.heldIdleFraction();
            gpus[at] = cell.gpus();
        }
        return new IdleGrid(grouping, groups, firstHour, hours, idle, held, gpus);
    }

    public double idle(int row, int column) {
        return idle[row * hours + column];
    }

    public double held(int row, int column) {
        return held[row * hours + column];
    }

    public int gpus(int row, int column) {
        return gpus[row * hours + column];
    }

    public Instant hourStart(int column) {
        return Instant.ofEpochSecond((firstHour + column) * 3600L);
    }

    /** Numbers inside names compare as numbers, so "rack-9" comes before "rack-10". */
    static int naturalOrder(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int iEnd = i;
                while (iEnd < a.length() && Character.isDigit(a.charAt(iEnd))) {
                    iEnd++;
                }
                int jEnd = j;
                while (jEnd < b.length() && Character.isDigit(b.charAt(jEnd))) {
                    jEnd++;
                }
                String n = a.substring(i, iEnd).replaceFirst("^0+(?=.)", "");
                String m = b.substring(j, jEnd).replaceFirst("^0+(?=.)", "");
                int byNumber = n.length() != m.length() ? Integer.compare(n.length(), m.length()) : n.compareTo(m);
                if (byNumber != 0) {
                    return byNumber;
                }
                i = iEnd;
                j = jEnd;
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j) != 0
                ? Integer.compare(a.length() - i, b.length() - j)
                : a.compareTo(b);
    }
}

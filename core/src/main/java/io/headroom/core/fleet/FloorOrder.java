package io.headroom.core.fleet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The order a technician walks the floor in: halls as the inventory lists them, rows in label
 * order ("B" before "AA", as rows are lettered on the floor), racks along the row by position.
 * Racks in no known hall go to a last, unplaced hall. Every page that draws the floor (the
 * heatmap, the rack elevations) takes its order from here.
 */
public final class FloorOrder {

    /** Row labels: shorter first, then alphabetical; "" (no row given) before any other. */
    public static final Comparator<String> ROW_LABELS =
            Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

    /** One rack row: its label as the inventory gives it ("" when none) and its rack indices along the row. */
    // rack indices kept as a flat int array, read by index when laying out the floor; a List would box each index
    @SuppressWarnings("ArrayRecordComponent")
    public record Row(String label, int[] racks) {}

    /**
     * One hall and its rows.
     *
     * @param unplaced true for the last hall, which holds the racks in no known hall
     */
    public record HallRows(String name, boolean unplaced, List<Row> rows) {

        public int rackCount() {
            return rows.stream().mapToInt(row -> row.racks().length).sum();
        }
    }

    private FloorOrder() {}

    /** Every rack of {@code layout}, hall by hall and row by row; halls without racks are left out. */
    public static List<HallRows> of(FleetLayout layout, String unplacedHallName) {
        List<Hall> inventoryHalls = layout.inventory().halls();
        Map<String, Integer> hallById = new HashMap<>();
        for (int h = 0; h < inventoryHalls.size(); h++) {
            hallById.put(inventoryHalls.get(h).id(), h);
        }
        int unplaced = inventoryHalls.size();
        List<TreeMap<String, List<Integer>>> rowsByHall = new ArrayList<>();
        for (int h = 0; h <= unplaced; h++) {
            rowsByHall.add(new TreeMap<>(ROW_LABELS));
        }
        for (int r : racksByPosition(layout)) {
            Rack rack = layout.rack(r);
            int hall = hallById.getOrDefault(rack.hallId(), unplaced);
            rowsByHall
                    .get(hall)
                    .computeIfAbsent(rack.row() == null ? "" : rack.row(), k -> new ArrayList<>())
                    .add(r);
        }
        List<HallRows> halls = new ArrayList<>();
        for (int h = 0; h <= unplaced; h++) {
            if (rowsByHall.get(h).isEmpty()) {
                continue;
            }
            String name = h == unplaced ? unplacedHallName : hallName(inventoryHalls.get(h));
            List<Row> rows = rowsByHall.get(h).entrySet().stream()
                    .map(e -> new Row(
                            e.getKey(),
                            e.getValue().stream().mapToInt(Integer::intValue).toArray()))
                    .toList();
            halls.add(new HallRows(name, h == unplaced, rows));
        }
        return List.copyOf(halls);
    }

    /** A hall's label: its name, or its id when the inventory gives no name. */
    public static String hallName(Hall hall) {
        return hall.name() == null || hall.name().isBlank() ? hall.id() : hall.name();
    }

    private static int[] racksByPosition(FleetLayout layout) {
        Integer[] order = new Integer[layout.rackCount()];
        Arrays.setAll(order, r -> r);
        Arrays.sort(order, Comparator.comparingInt(r -> layout.rack(r).position()));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }
}

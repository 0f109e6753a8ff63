package io.headroom.views.rack;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.Hall;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Racks as a technician walks them: halls, rows in label order, racks along the row, and in
 * each rack which node fills which unit. Built once per {@link FleetLayout}; pixels are
 * {@link RackGeometry}'s business. Racks in no known hall go to a last "unplaced" hall;
 * nodes in no known rack have no elevation to be drawn in and are left out.
 */
final class RackPlan {

    record RowRacks(String label, int[] racks) {}

    record HallRacks(String name, List<RowRacks> rows, int rackCount) {}

    final FleetLayout layout;
    final List<HallRacks> halls;
    /** Per rack, its height in U: the inventory's, or more when a node sits above it. */
    final int[] heightU;
    /** Per rack, by U from 1 (index 0 unused), the node occupying that unit or {@link FleetLayout#NONE}. */
    final int[][] nodeAtU;
    /** Per rack, the hall's index in {@link #halls}. */
    final int[] hallOfRack;

    private RackPlan(FleetLayout layout, List<HallRacks> halls, int[] heightU, int[][] nodeAtU, int[] hallOfRack) {
        this.layout = layout;
        this.halls = halls;
        this.heightU = heightU;
        this.nodeAtU = nodeAtU;
        this.hallOfRack = hallOfRack;
    }

    static RackPlan of(FleetLayout layout, String unplacedHallName) {
        int racks = layout.rackCount();
        int[] heightU = new int[racks];
        for (int r = 0; r < racks; r++) {
            heightU[r] = Math.max(1, layout.rack(r).heightU());
        }
        for (int n = 0; n < layout.nodeCount(); n++) {
            int r = layout.rackOfNode(n);
            if (r != FleetLayout.NONE) {
                heightU[r] = Math.max(heightU[r], top(layout.node(n)));
            }
        }
        int[][] nodeAtU = new int[racks][];
        for (int r = 0; r < racks; r++) {
            nodeAtU[r] = new int[heightU[r] + 1];
            Arrays.fill(nodeAtU[r], FleetLayout.NONE);
        }
        for (int n = 0; n < layout.nodeCount(); n++) {
            int r = layout.rackOfNode(n);
            if (r == FleetLayout.NONE) {
                continue;
            }
            Node node = layout.node(n);
            for (int u = Math.max(1, node.uPosition()); u <= top(node); u++) {
                nodeAtU[r][u] = n;
            }
        }
        List<HallRacks> halls = halls(layout, unplacedHallName, racksOf(layout));
        int[] hallOfRack = new int[racks];
        for (int h = 0; h < halls.size(); h++) {
            for (RowRacks row : halls.get(h).rows()) {
                for (int r : row.racks()) {
                    hallOfRack[r] = h;
                }
            }
        }
        return new RackPlan(layout, halls, heightU, nodeAtU, hallOfRack);
    }

    /** The highest unit a node occupies. */
    static int top(Node node) {
        return Math.max(1, node.uPosition()) + Math.max(1, node.uHeight()) - 1;
    }

    private static int[] racksOf(FleetLayout layout) {
        Integer[] order = new Integer[layout.rackCount()];
        Arrays.setAll(order, r -> r);
        Arrays.sort(order, Comparator.comparingInt(r -> layout.rack(r).position()));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    private static List<HallRacks> halls(FleetLayout layout, String unplacedHallName, int[] racksInOrder) {
        List<Hall> inventoryHalls = layout.inventory().halls();
        Map<String, Integer> hallById = new HashMap<>();
        for (int h = 0; h < inventoryHalls.size(); h++) {
            hallById.put(inventoryHalls.get(h).id(), h);
        }
        int unplaced = inventoryHalls.size();
        List<TreeMap<String, List<Integer>>> rowsByHall = new ArrayList<>();
        for (int h = 0; h <= unplaced; h++) {
            // "B" before "AA": shorter labels first, as rows are lettered on the floor.
            rowsByHall.add(new TreeMap<>(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder())));
        }
        for (int r : racksInOrder) {
            Rack rack = layout.rack(r);
            int hall = hallById.getOrDefault(rack.hallId(), unplaced);
            rowsByHall.get(hall).computeIfAbsent(rack.row() == null ? "" : rack.row(), k -> new ArrayList<>()).add(r);
        }
        List<HallRacks> halls = new ArrayList<>();
        for (int h = 0; h <= unplaced; h++) {
            if (rowsByHall.get(h).isEmpty()) {
                continue;
            }
            String name = h == unplaced ? unplacedHallName : hallName(inventoryHalls.get(h));
            List<RowRacks> rows = rowsByHall.get(h).entrySet().stream()
                    .map(e -> new RowRacks(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray()))
                    .toList();
            halls.add(new HallRacks(name, rows, rows.stream().mapToInt(row -> row.racks().length).sum()));
        }
        return List.copyOf(halls);
    }

    private static String hallName(Hall hall) {
        return hall.name() == null || hall.name().isBlank() ? hall.id() : hall.name();
    }
}

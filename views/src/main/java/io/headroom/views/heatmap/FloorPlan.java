package io.headroom.views.heatmap;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.Hall;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.Rack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet in the order a technician walks it: halls, then rack rows, then racks along the
 * row, then nodes from the top of the rack down, then GPUs by index. Each rack becomes one
 * block of nodes (rows) by GPUs (columns). Built once per {@link FleetLayout}; pixels are
 * {@link HeatmapGeometry}'s business.
 *
 * <p>Nodes whose rack or hall the inventory does not name still have GPUs worth seeing;
 * they go to a last, "unplaced" hall in blocks of a rack's size.
 */
final class FloorPlan {

    /** At most this many GPU columns per node row; wider nodes are rare enough to clip. */
    static final int MAX_COLUMNS = 16;

    /**
     * @param rows     rack rows in order, each the block indices from left to right
     * @param rowNames the rows' labels as the inventory gives them ("A", "C"), "" for unplaced nodes
     */
    record HallPlan(String name, int gpus, List<int[]> rows, List<String> rowNames) {}

    final FleetLayout layout;
    final List<HallPlan> halls;
    /** Per block, its node indices from the top of the rack down. */
    final int[][] blockNodes;
    final int blockColumns;
    final int blockRows;

    private FloorPlan(FleetLayout layout, List<HallPlan> halls, int[][] blockNodes, int blockColumns, int blockRows) {
        this.layout = layout;
        this.halls = halls;
        this.blockNodes = blockNodes;
        this.blockColumns = blockColumns;
        this.blockRows = blockRows;
    }

    static FloorPlan of(FleetLayout layout, String unplacedHallName) {
        Inventory inventory = layout.inventory();
        List<List<Integer>> nodesByRack = new ArrayList<>();
        for (int r = 0; r < layout.rackCount(); r++) {
            nodesByRack.add(new ArrayList<>());
        }
        List<Integer> rackless = new ArrayList<>();
        int columns = 1;
        for (int n = 0; n < layout.nodeCount(); n++) {
            int gpus = layout.endGpuSlot(n) - layout.firstGpuSlot(n);
            if (gpus == 0) {
                continue;
            }
            columns = Math.max(columns, Math.min(gpus, MAX_COLUMNS));
            int rack = layout.rackOfNode(n);
            (rack == FleetLayout.NONE ? rackless : nodesByRack.get(rack)).add(n);
        }
        int rows = 1;
        for (List<Integer> nodes : nodesByRack) {
            rows = Math.max(rows, nodes.size());
            nodes.sort(Comparator.comparingInt((Integer n) -> layout.node(n).uPosition()).reversed());
        }
        if (nodesByRack.stream().allMatch(List::isEmpty)) {
            rows = 8;
        }

        Map<String, Integer> hallIndex = new HashMap<>();
        List<Hall> inventoryHalls = inventory.halls();
        for (int h = 0; h < inventoryHalls.size(); h++) {
            hallIndex.put(inventoryHalls.get(h).id(), h);
        }
        int unplaced = inventoryHalls.size();
        List<TreeMap<String, List<Integer>>> rowsByHall = new ArrayList<>();
        for (int h = 0; h <= unplaced; h++) {
            rowsByHall.add(new TreeMap<>(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder())));
        }
        List<int[]> blocks = new ArrayList<>();
        int[] hallGpus = new int[unplaced + 1];
        List<Integer> racksInFloorOrder = new ArrayList<>();
        for (int r = 0; r < layout.rackCount(); r++) {
            racksInFloorOrder.add(r);
        }
        racksInFloorOrder.sort(Comparator.comparingInt(r -> layout.rack(r).position()));
        for (int r : racksInFloorOrder) {
            List<Integer> nodes = nodesByRack.get(r);
            if (nodes.isEmpty()) {
                continue;
            }
            Rack rack = layout.rack(r);
            int hall = hallIndex.getOrDefault(rack.hallId(), unplaced);
            rowsByHall.get(hall).computeIfAbsent(rack.row() == null ? "" : rack.row(), k -> new ArrayList<>()).add(blocks.size());
            blocks.add(nodes.stream().mapToInt(Integer::intValue).toArray());
            hallGpus[hall] += gpus(layout, nodes);
        }
        for (int from = 0; from < rackless.size(); from += rows) {
            List<Integer> chunk = rackless.subList(from, Math.min(rackless.size(), from + rows));
            rowsByHall.get(unplaced).computeIfAbsent("", k -> new ArrayList<>()).add(blocks.size());
            blocks.add(chunk.stream().mapToInt(Integer::intValue).toArray());
            hallGpus[unplaced] += gpus(layout, chunk);
        }

        List<HallPlan> halls = new ArrayList<>();
        for (int h = 0; h <= unplaced; h++) {
            if (rowsByHall.get(h).isEmpty()) {
                continue;
            }
            String name = h == unplaced ? unplacedHallName : hallName(inventoryHalls.get(h));
            List<int[]> hallRows = rowsByHall.get(h).values().stream()
                    .map(row -> row.stream().mapToInt(Integer::intValue).toArray()).toList();
            halls.add(new HallPlan(name, hallGpus[h], hallRows, List.copyOf(rowsByHall.get(h).keySet())));
        }
        return new FloorPlan(layout, List.copyOf(halls), blocks.toArray(int[][]::new), columns, rows);
    }

    private static String hallName(Hall hall) {
        return hall.name() == null || hall.name().isBlank() ? hall.id() : hall.name();
    }

    private static int gpus(FleetLayout layout, List<Integer> nodes) {
        int gpus = 0;
        for (int n : nodes) {
            gpus += layout.endGpuSlot(n) - layout.firstGpuSlot(n);
        }
        return gpus;
    }
}

package io.headroom.views.heatmap;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FloorOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The fleet in the order a technician walks it ({@link FloorOrder}: halls, rack rows, racks
 * along the row), then nodes from the top of the rack down, then GPUs by index. Each rack becomes one
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
            nodes.sort(Comparator.comparingInt((Integer n) -> layout.node(n).uPosition())
                    .reversed());
        }
        if (nodesByRack.stream().allMatch(List::isEmpty)) {
            rows = 8;
        }

        List<int[]> blocks = new ArrayList<>();
        List<HallPlan> halls = new ArrayList<>();
        List<FloorOrder.HallRows> floor = new ArrayList<>(FloorOrder.of(layout, unplacedHallName));
        if (!rackless.isEmpty() && (floor.isEmpty() || !floor.getLast().unplaced())) {
            floor.add(new FloorOrder.HallRows(unplacedHallName, true, List.of()));
        }
        for (FloorOrder.HallRows hall : floor) {
            List<int[]> hallRows = new ArrayList<>();
            List<String> rowNames = new ArrayList<>();
            int hallGpus = 0;
            List<FloorOrder.Row> floorRows = new ArrayList<>(hall.rows());
            if (hall.unplaced()
                    && !rackless.isEmpty()
                    && (floorRows.isEmpty() || !floorRows.getFirst().label().isEmpty())) {
                floorRows.addFirst(new FloorOrder.Row("", new int[0]));
            }
            for (FloorOrder.Row row : floorRows) {
                List<Integer> rowBlocks = new ArrayList<>();
                for (int r : row.racks()) {
                    List<Integer> nodes = nodesByRack.get(r);
                    if (!nodes.isEmpty()) {
                        rowBlocks.add(blocks.size());
                        blocks.add(nodes.stream().mapToInt(Integer::intValue).toArray());
                        hallGpus += gpus(layout, nodes);
                    }
                }
                if (hall.unplaced() && row.label().isEmpty()) {
                    // Nodes in no known rack: blocks of a rack's height, after the unplaced racks.
                    for (int from = 0; from < rackless.size(); from += rows) {
                        List<Integer> chunk = rackless.subList(from, Math.min(rackless.size(), from + rows));
                        rowBlocks.add(blocks.size());
                        blocks.add(chunk.stream().mapToInt(Integer::intValue).toArray());
                        hallGpus += gpus(layout, chunk);
                    }
                }
                if (!rowBlocks.isEmpty()) {
                    hallRows.add(rowBlocks.stream().mapToInt(Integer::intValue).toArray());
                    rowNames.add(row.label());
                }
            }
            if (!hallRows.isEmpty()) {
                halls.add(new HallPlan(hall.name(), hallGpus, List.copyOf(hallRows), List.copyOf(rowNames)));
            }
        }
        return new FloorPlan(layout, List.copyOf(halls), blocks.toArray(int[][]::new), columns, rows);
    }

    private static int gpus(FleetLayout layout, List<Integer> nodes) {
        int gpus = 0;
        for (int n : nodes) {
            gpus += layout.endGpuSlot(n) - layout.firstGpuSlot(n);
        }
        return gpus;
    }
}

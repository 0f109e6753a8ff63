package io.headroom.views.rack;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FloorOrder;
import io.headroom.core.fleet.Node;
import java.util.Arrays;
import java.util.List;

/**
 * Racks as a technician walks them ({@link FloorOrder}), and in each rack which node fills
 * which unit. Built once per {@link FleetLayout}; pixels are
 * {@link RackGeometry}'s business. Racks in no known hall go to a last "unplaced" hall;
 * nodes in no known rack have no elevation to be drawn in and are left out.
 */
final class RackPlan {

    final FleetLayout layout;
    final List<FloorOrder.HallRows> halls;
    /** Per rack, its height in U: the inventory's, or more when a node sits above it. */
    final int[] heightU;
    /** Per rack, by U from 1 (index 0 unused), the node occupying that unit or {@link FleetLayout#NONE}. */
    final int[][] nodeAtU;
    /** Per rack, the hall's index in {@link #halls}. */
    final int[] hallOfRack;

    private RackPlan(
            FleetLayout layout, List<FloorOrder.HallRows> halls, int[] heightU, int[][] nodeAtU, int[] hallOfRack) {
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
        List<FloorOrder.HallRows> halls = FloorOrder.of(layout, unplacedHallName);
        int[] hallOfRack = new int[racks];
        for (int h = 0; h < halls.size(); h++) {
            for (FloorOrder.Row row : halls.get(h).rows()) {
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
}

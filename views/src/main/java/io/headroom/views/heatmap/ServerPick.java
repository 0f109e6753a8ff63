package io.headroom.views.heatmap;

import io.headroom.core.fleet.FleetLayout;
import java.util.BitSet;

/**
 * The servers an operator has picked on the heatmap for an operation, by node index: added
 * by a rectangle, or a whole rack at a time (picked, or dropped when all of it already is).
 * Plain Java; FX thread.
 */
final class ServerPick {

    private final BitSet nodes = new BitSet();

    BitSet nodes() {
        return nodes;
    }

    int[] toArray() {
        return nodes.stream().toArray();
    }

    int count() {
        return nodes.cardinality();
    }

    boolean isEmpty() {
        return nodes.isEmpty();
    }

    void clear() {
        nodes.clear();
    }

    void add(int[] more) {
        for (int node : more) {
            nodes.set(node);
        }
    }

    /** Picks every server of the rack of {@code node} (the server alone when it has no rack), or drops them all. */
    void toggleRackOf(FleetLayout layout, int node) {
        int rack = layout.rackOfNode(node);
        BitSet rackNodes = new BitSet();
        for (int n = 0; n < layout.nodeCount(); n++) {
            if (rack == FleetLayout.NONE ? n == node : layout.rackOfNode(n) == rack) {
                rackNodes.set(n);
            }
        }
        BitSet already = (BitSet) rackNodes.clone();
        already.and(nodes);
        if (already.equals(rackNodes)) {
            nodes.andNot(rackNodes);
        } else {
            nodes.or(rackNodes);
        }
    }
}

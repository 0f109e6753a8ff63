package io.headroom.wire;

import io.headroom.core.fleet.FleetLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds the node a sample names without hashing its hostname: one stream's batches name their
 * nodes in the same order round after round (an agent walks its layout; a relay forwards each
 * agent's batches in that agent's order), so the node that followed this one last time is
 * almost always the one that follows now. The guess is confirmed by comparing the hostname's
 * bytes with the layout's, with no String built; only a wrong guess (the first round, a new
 * inventory, a node that stopped reporting) falls back to the layout's map.
 *
 * <p>Everything learnt belongs to one layout, one inventory version: a new layout starts over.
 * One per stream, used on its gRPC thread only.
 */
@SuppressWarnings("ReferenceEquality") // a new layout object is a new inventory: identity is the point
final class NodeOrdinals {

    private FleetLayout layout;
    private byte[][] hostnames = new byte[0][];
    private int[] nextAfter = new int[0];
    private int previous = FleetLayout.NONE;
    private long guessed;
    private long looked;

    /** The node whose hostname is {@code bytes[offset, offset + length)}, or {@link FleetLayout#NONE}. */
    int resolve(FleetLayout current, byte[] bytes, int offset, int length) {
        if (current != layout) {
            learn(current);
        }
        // First the node that followed the previous one last time, then the next one in the layout
        // (the order an agent sends in, and the way back after a round that came in another order).
        int learnt = FleetLayout.NONE;
        int next = FleetLayout.NONE;
        if (previous == FleetLayout.NONE) {
            next = hostnames.length > 0 ? 0 : FleetLayout.NONE;
        } else {
            learnt = nextAfter[previous];
            next = previous + 1 < hostnames.length ? previous + 1 : FleetLayout.NONE;
        }
        int node;
        if (learnt != FleetLayout.NONE && sameName(hostnames[learnt], bytes, offset, length)) {
            node = learnt;
            guessed++;
        } else if (next != FleetLayout.NONE && next != learnt && sameName(hostnames[next], bytes, offset, length)) {
            node = next;
            guessed++;
        } else {
            node = layout.nodeIndex(new String(bytes, offset, length, StandardCharsets.UTF_8));
            looked++;
        }
        if (node != FleetLayout.NONE) {
            if (previous != FleetLayout.NONE) {
                nextAfter[previous] = node;
            }
            previous = node;
        }
        return node;
    }

    private static boolean sameName(byte[] known, byte[] bytes, int offset, int length) {
        return known.length == length && Arrays.equals(known, 0, length, bytes, offset, offset + length);
    }

    private void learn(FleetLayout current) {
        layout = current;
        int nodes = current.nodeCount();
        hostnames = new byte[nodes][];
        for (int n = 0; n < nodes; n++) {
            hostnames[n] = current.node(n).hostname().getBytes(StandardCharsets.UTF_8);
        }
        nextAfter = new int[nodes];
        Arrays.fill(nextAfter, FleetLayout.NONE);
        previous = FleetLayout.NONE;
    }

    /** Node samples found by the guess, for tests and benchmarks. */
    long guessed() {
        return guessed;
    }

    /** Node samples looked up by name. */
    long lookedUp() {
        return looked;
    }
}

package io.headroom.store.cache;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.MigSlice;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The store's small numbers for racks, nodes and accelerators: the latest-samples file
 * and the history blocks are arrays indexed by them. A number, once given, is never given
 * to anything else, so old history keeps its meaning.
 */
final class FleetNumbers {

    private final Map<String, Integer> racks = new HashMap<>();
    private final Map<String, Integer> nodes = new HashMap<>();
    private final Map<String, Integer> accelerators = new HashMap<>();
    private int nextRack;
    private int nextNode;
    private int nextAccelerator;

    /** Slot, node and rack indexes of one layout, translated to store numbers. */
    // flat index maps (slot to store number) looked up per sample on the save path; never compared or hashed
    @SuppressWarnings("ArrayRecordComponent")
    record SlotNumbers(int[] accelOfSlot, int[] nodeNo, int[] rackNo) {}

    static FleetNumbers load(Connection connection) throws SQLException {
        FleetNumbers numbers = new FleetNumbers();
        numbers.nextRack = read(connection, "SELECT id, rack_no FROM rack", numbers.racks);
        numbers.nextNode = read(connection, "SELECT hostname, node_no FROM node", numbers.nodes);
        numbers.nextAccelerator = read(connection, "SELECT uuid, accel_no FROM accelerator", numbers.accelerators);
        return numbers;
    }

    private static int read(Connection connection, String sql, Map<String, Integer> into) throws SQLException {
        int next = 0;
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                int no = rs.getInt(2);
                into.put(rs.getString(1), no);
                next = Math.max(next, no + 1);
            }
        }
        return next;
    }

    int rack(String id) {
        return racks.computeIfAbsent(id, k -> nextRack++);
    }

    int node(String hostname) {
        return nodes.computeIfAbsent(hostname, k -> nextNode++);
    }

    int accelerator(String uuid) {
        return accelerators.computeIfAbsent(uuid, k -> nextAccelerator++);
    }

    /** Numbers every slot, node and rack of {@code layout}, giving new ones new numbers. */
    SlotNumbers number(FleetLayout layout) {
        int[] accelOfSlot = new int[layout.slotCount()];
        for (int slot = 0; slot < accelOfSlot.length; slot++) {
            MigSlice slice = layout.slice(slot);
            accelOfSlot[slot] =
                    accelerator(slice == null ? layout.accelerator(slot).uuid() : slice.uuid());
        }
        int[] nodeNo = new int[layout.nodeCount()];
        for (int n = 0; n < nodeNo.length; n++) {
            nodeNo[n] = node(layout.node(n).hostname());
        }
        int[] rackNo = new int[layout.rackCount()];
        for (int r = 0; r < rackNo.length; r++) {
            rackNo[r] = rack(layout.rack(r).id());
        }
        return new SlotNumbers(accelOfSlot, nodeNo, rackNo);
    }
}

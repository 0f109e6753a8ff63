package io.headroom.store.cache;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Hall;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.Site;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Saves the inventory, writing only the nodes that changed since the last save: agents
 * reconnecting install a new inventory often, but a 12,500-node fleet rarely changes more
 * than a few nodes at a time.
 */
final class InventoryWriter {

    private static final String MERGE_NODE = """
            MERGE INTO node (node_no, hostname, serial, rack_id, u_position, u_height, pool, tenant, scheduler_state,
                             generation, sample_interval_ms, position, present)
            KEY (node_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)""";
    private static final String MERGE_ACCELERATOR = """
            MERGE INTO accelerator (accel_no, uuid, node_no, parent_no, position, vendor, model, memory_total_mib,
                                    device_index, mig_enabled, gpu_instance_id, compute_instance_id, profile_id,
                                    profile_name, placement_start, placement_size, present)
            KEY (accel_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)""";

    private List<Site> sites = List.of();
    private List<Hall> halls = List.of();
    private List<Rack> racks = List.of();
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, Integer> positions = new HashMap<>();

    /** @param stored what the store holds now, so that the first save writes only differences */
    InventoryWriter(Inventory stored) {
        remember(stored);
    }

    private void remember(Inventory inventory) {
        sites = inventory.sites();
        halls = inventory.halls();
        racks = inventory.racks();
        nodes.clear();
        positions.clear();
        List<Node> list = inventory.nodes();
        for (int i = 0; i < list.size(); i++) {
            nodes.put(list.get(i).hostname(), list.get(i));
            positions.put(list.get(i).hostname(), i);
        }
    }

    /**
     * Writes the differences in the caller's transaction and returns how many nodes were
     * written. Call {@link #written} once it commits; until then the same differences are
     * written again by the next save.
     */
    int write(Connection connection, Inventory inventory, FleetNumbers numbers, long nowMillis) throws SQLException {
        try (PreparedStatement meta = connection.prepareStatement("""
                MERGE INTO fleet_inventory (only_row, server_id, version, saved_at, snapshot)
                KEY (only_row) VALUES (1, ?, ?, ?, ?)""")) {
            meta.setString(1, inventory.serverId());
            meta.setLong(2, inventory.version());
            meta.setLong(3, nowMillis);
            meta.setBytes(4, InventorySnapshot.encode(inventory, numbers));
            meta.executeUpdate();
        }
        if (!sites.equals(inventory.sites()) || !halls.equals(inventory.halls())) {
            writeSitesAndHalls(connection, inventory);
        }
        if (!racks.equals(inventory.racks())) {
            writeRacks(connection, inventory.racks(), numbers);
        }
        return writeNodes(connection, inventory, numbers);
    }

    /** The transaction that {@link #write} took part in committed: the next save compares with this. */
    void written(Inventory inventory) {
        remember(inventory);
    }

    private static void writeSitesAndHalls(Connection connection, Inventory inventory) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("DELETE FROM site");
            s.executeUpdate("DELETE FROM hall");
        }
        try (PreparedStatement site =
                        connection.prepareStatement("INSERT INTO site (id, name, position) VALUES (?, ?, ?)");
                PreparedStatement hall = connection.prepareStatement(
                        "INSERT INTO hall (id, site_id, name, position) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < inventory.sites().size(); i++) {
                Site s = inventory.sites().get(i);
                site.setString(1, s.id());
                site.setString(2, s.name());
                site.setInt(3, i);
                site.addBatch();
            }
            for (int i = 0; i < inventory.halls().size(); i++) {
                Hall h = inventory.halls().get(i);
                hall.setString(1, h.id());
                hall.setString(2, h.siteId());
                hall.setString(3, h.name());
                hall.setInt(4, i);
                hall.addBatch();
            }
            site.executeBatch();
            hall.executeBatch();
        }
    }

    private static void writeRacks(Connection connection, List<Rack> racks, FleetNumbers numbers) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("UPDATE rack SET present = FALSE");
        }
        try (PreparedStatement merge = connection.prepareStatement("""
                MERGE INTO rack (rack_no, id, hall_id, row_label, position_in_row, height_u, power_budget_kw, position, present)
                KEY (rack_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, TRUE)""")) {
            for (int i = 0; i < racks.size(); i++) {
                Rack r = racks.get(i);
                merge.setInt(1, numbers.rack(r.id()));
                merge.setString(2, r.id());
                merge.setString(3, r.hallId());
                merge.setString(4, r.row());
                merge.setInt(5, r.position());
                merge.setInt(6, r.heightU());
                merge.setDouble(7, r.powerBudgetKw());
                merge.setInt(8, i);
                merge.addBatch();
            }
            merge.executeBatch();
        }
    }

    private int writeNodes(Connection connection, Inventory inventory, FleetNumbers numbers) throws SQLException {
        Set<String> hostnames = new HashSet<>();
        Set<String> uuids = new HashSet<>();
        int written = 0;
        try (PreparedStatement node = connection.prepareStatement(MERGE_NODE);
                PreparedStatement accelerator = connection.prepareStatement(MERGE_ACCELERATOR);
                PreparedStatement gone =
                        connection.prepareStatement("UPDATE accelerator SET present = FALSE WHERE uuid = ?")) {
            List<Node> list = inventory.nodes();
            for (int i = 0; i < list.size(); i++) {
                Node n = list.get(i);
                hostnames.add(n.hostname());
                n.accelerators().forEach(a -> {
                    uuids.add(a.uuid());
                    a.slices().forEach(s -> uuids.add(s.uuid()));
                });
                if (n.equals(nodes.get(n.hostname())) && Objects.equals(positions.get(n.hostname()), i)) {
                    continue;
                }
                addNode(node, n, i, numbers);
                addAccelerators(accelerator, n, numbers);
                written++;
            }
            node.executeBatch();
            accelerator.executeBatch();
            // Only now: an accelerator that moved to another node is present there, not gone.
            for (Node old : nodes.values()) {
                for (Accelerator a : old.accelerators()) {
                    markGone(gone, a.uuid(), uuids);
                    for (MigSlice s : a.slices()) {
                        markGone(gone, s.uuid(), uuids);
                    }
                }
            }
            gone.executeBatch();
        }
        try (PreparedStatement removed =
                connection.prepareStatement("UPDATE node SET present = FALSE WHERE hostname = ?")) {
            for (String hostname : nodes.keySet()) {
                if (!hostnames.contains(hostname)) {
                    removed.setString(1, hostname);
                    removed.addBatch();
                }
            }
            removed.executeBatch();
        }
        return written;
    }

    private static void markGone(PreparedStatement gone, String uuid, Set<String> present) throws SQLException {
        if (!present.contains(uuid)) {
            gone.setString(1, uuid);
            gone.addBatch();
        }
    }

    private static void addNode(PreparedStatement s, Node n, int position, FleetNumbers numbers) throws SQLException {
        s.setInt(1, numbers.node(n.hostname()));
        s.setString(2, n.hostname());
        s.setString(3, n.serial());
        s.setString(4, n.rackId());
        s.setInt(5, n.uPosition());
        s.setInt(6, n.uHeight());
        s.setString(7, n.pool());
        s.setString(8, n.tenant());
        s.setString(9, n.schedulerState().name());
        s.setLong(10, n.generation());
        s.setInt(11, n.sampleIntervalMs());
        s.setInt(12, position);
        s.addBatch();
    }

    private static void addAccelerators(PreparedStatement s, Node n, FleetNumbers numbers) throws SQLException {
        int nodeNo = numbers.node(n.hostname());
        for (int i = 0; i < n.accelerators().size(); i++) {
            Accelerator a = n.accelerators().get(i);
            int gpuNo = numbers.accelerator(a.uuid());
            s.setInt(1, gpuNo);
            s.setString(2, a.uuid());
            s.setInt(3, nodeNo);
            s.setNull(4, Types.INTEGER);
            s.setInt(5, i);
            s.setString(6, a.vendor().name());
            s.setString(7, a.model());
            s.setLong(8, a.memoryTotalMib());
            s.setInt(9, a.index());
            s.setBoolean(10, a.migEnabled());
            for (int column = 11; column <= 16; column++) {
                s.setNull(column, column == 14 ? Types.VARCHAR : Types.INTEGER);
            }
            s.addBatch();
            for (int j = 0; j < a.slices().size(); j++) {
                MigSlice m = a.slices().get(j);
                s.setInt(1, numbers.accelerator(m.uuid()));
                s.setString(2, m.uuid());
                s.setInt(3, nodeNo);
                s.setInt(4, gpuNo);
                s.setInt(5, j);
                s.setNull(6, Types.VARCHAR);
                s.setNull(7, Types.VARCHAR);
                s.setLong(8, m.memoryTotalMib());
                s.setNull(9, Types.INTEGER);
                s.setNull(10, Types.BOOLEAN);
                s.setInt(11, m.gpuInstanceId());
                s.setInt(12, m.computeInstanceId());
                s.setInt(13, m.profileId());
                s.setString(14, m.profileName());
                s.setInt(15, m.placementStart());
                s.setInt(16, m.placementSize());
                s.addBatch();
            }
        }
    }
}

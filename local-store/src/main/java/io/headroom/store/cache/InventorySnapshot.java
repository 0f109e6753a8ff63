package io.headroom.store.cache;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.ComputeInstance;
import io.headroom.core.fleet.Hall;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Site;
import io.headroom.core.fleet.Vendor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The inventory with its store numbers as one compressed value. A cold start of a
 * 100,000-GPU fleet read 112,000 accelerator rows in 1 to 1.6 s; this decodes in a tenth of
 * that. The numbers are kept in layout order (GPUs node by node, then slices GPU by GPU, as
 * {@link io.headroom.core.fleet.FleetLayout} numbers its slots), so they map straight to slots.
 */
final class InventorySnapshot {

    /** 2 adds each slice's compute instances; a format 1 snapshot still reads, its slices listing none. */
    private static final int FORMAT = 2;

    private static final int FORMAT_WITHOUT_COMPUTE_INSTANCES = 1;

    /** A decoded snapshot: the inventory and the store numbers of its slots, nodes and racks. */
    record Decoded(Inventory inventory, FleetNumbers.SlotNumbers numbers) {}

    private InventorySnapshot() {}

    static byte[] encode(Inventory inventory, FleetNumbers numbers) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        // Buffered for the same reason as decode: each small write would be a call into zlib.
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                new DeflaterOutputStream(bytes, new Deflater(Deflater.BEST_SPEED), 1 << 16), 1 << 16))) {
            out.writeInt(FORMAT);
            out.writeUTF(inventory.serverId());
            out.writeLong(inventory.version());
            out.writeInt(inventory.sites().size());
            for (Site s : inventory.sites()) {
                out.writeUTF(s.id());
                out.writeUTF(s.name());
            }
            out.writeInt(inventory.halls().size());
            for (Hall h : inventory.halls()) {
                out.writeUTF(h.id());
                out.writeUTF(h.siteId());
                out.writeUTF(h.name());
            }
            out.writeInt(inventory.racks().size());
            for (Rack r : inventory.racks()) {
                out.writeInt(numbers.rack(r.id()));
                out.writeUTF(r.id());
                out.writeUTF(r.hallId());
                out.writeUTF(r.row());
                out.writeInt(r.position());
                out.writeInt(r.heightU());
                out.writeDouble(r.powerBudgetKw());
            }
            out.writeInt(inventory.nodes().size());
            for (Node n : inventory.nodes()) {
                writeNode(out, n, numbers);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("encoding to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static void writeNode(DataOutputStream out, Node n, FleetNumbers numbers) throws IOException {
        out.writeInt(numbers.node(n.hostname()));
        out.writeUTF(n.hostname());
        out.writeUTF(n.serial());
        out.writeUTF(n.rackId());
        out.writeInt(n.uPosition());
        out.writeInt(n.uHeight());
        out.writeUTF(n.pool());
        out.writeUTF(n.tenant());
        out.writeUTF(n.schedulerState().name());
        out.writeLong(n.generation());
        out.writeInt(n.sampleIntervalMs());
        out.writeInt(n.accelerators().size());
        for (Accelerator a : n.accelerators()) {
            out.writeInt(numbers.accelerator(a.uuid()));
            out.writeUTF(a.uuid());
            out.writeUTF(a.vendor().name());
            out.writeUTF(a.model());
            out.writeLong(a.memoryTotalMib());
            out.writeInt(a.index());
            out.writeBoolean(a.migEnabled());
            out.writeInt(a.slices().size());
            for (MigSlice s : a.slices()) {
                out.writeInt(numbers.accelerator(s.uuid()));
                out.writeUTF(s.uuid());
                out.writeInt(s.gpuInstanceId());
                out.writeInt(s.computeInstanceId());
                out.writeInt(s.profileId());
                out.writeUTF(s.profileName());
                out.writeInt(s.placementStart());
                out.writeInt(s.placementSize());
                out.writeLong(s.memoryTotalMib());
                out.writeInt(s.computeInstances().size());
                for (ComputeInstance c : s.computeInstances()) {
                    out.writeInt(c.id());
                    out.writeUTF(c.uuid());
                    out.writeInt(c.multiprocessorCount());
                    out.writeInt(c.computeSlices());
                }
            }
        }
    }

    /** The saved snapshot, if an inventory was ever saved. */
    static Optional<Decoded> read(Connection connection) throws SQLException, IOException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT snapshot FROM fleet_inventory")) {
            return rs.next() ? Optional.of(decode(rs.getBytes(1))) : Optional.empty();
        }
    }

    static Decoded decode(byte[] snapshot) throws IOException {
        // Buffered above the inflater: DataInputStream reads an int as a 4-byte read, and each read of an
        // InflaterInputStream is a call into zlib (a million GPUs took 2.1 s to decode that way).
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                new InflaterInputStream(new ByteArrayInputStream(snapshot), new Inflater(), 1 << 16), 1 << 16))) {
            Repeated repeated = new Repeated();
            int format = in.readInt();
            if (format != FORMAT && format != FORMAT_WITHOUT_COMPUTE_INSTANCES) {
                throw new IOException("inventory snapshot format " + format + " is not " + FORMAT);
            }
            String serverId = in.readUTF();
            long version = in.readLong();
            List<Site> sites = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                sites.add(new Site(in.readUTF(), in.readUTF()));
            }
            List<Hall> halls = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                halls.add(new Hall(in.readUTF(), in.readUTF(), in.readUTF()));
            }
            int rackCount = in.readInt();
            List<Rack> racks = new ArrayList<>(rackCount);
            int[] rackNo = new int[rackCount];
            for (int r = 0; r < rackCount; r++) {
                rackNo[r] = in.readInt();
                racks.add(new Rack(
                        in.readUTF(), in.readUTF(), in.readUTF(), in.readInt(), in.readInt(), in.readDouble()));
            }
            int nodeCount = in.readInt();
            List<Node> nodes = new ArrayList<>(nodeCount);
            int[] nodeNo = new int[nodeCount];
            IntList gpuNos = new IntList();
            IntList sliceNos = new IntList();
            for (int n = 0; n < nodeCount; n++) {
                nodeNo[n] = in.readInt();
                nodes.add(readNode(in, format, gpuNos, sliceNos, repeated));
            }
            int[] accelOfSlot = new int[gpuNos.size + sliceNos.size];
            System.arraycopy(gpuNos.values, 0, accelOfSlot, 0, gpuNos.size);
            System.arraycopy(sliceNos.values, 0, accelOfSlot, gpuNos.size, sliceNos.size);
            return new Decoded(
                    new Inventory(serverId, version, sites, halls, racks, nodes),
                    new FleetNumbers.SlotNumbers(accelOfSlot, nodeNo, rackNo));
        }
    }

    private static Node readNode(DataInputStream in, int format, IntList gpuNos, IntList sliceNos, Repeated repeated)
            throws IOException {
        String hostname = in.readUTF();
        String serial = in.readUTF();
        String rackId = repeated.of(in.readUTF());
        int uPosition = in.readInt();
        int uHeight = in.readInt();
        String pool = repeated.of(in.readUTF());
        String tenant = repeated.of(in.readUTF());
        SchedulerState state = SchedulerState.valueOf(in.readUTF());
        long generation = in.readLong();
        int interval = in.readInt();
        int count = in.readInt();
        List<Accelerator> accelerators = new ArrayList<>(count);
        for (int a = 0; a < count; a++) {
            gpuNos.add(in.readInt());
            String uuid = in.readUTF();
            Vendor vendor = Vendor.valueOf(in.readUTF());
            String model = repeated.of(in.readUTF());
            long memory = in.readLong();
            int index = in.readInt();
            boolean mig = in.readBoolean();
            int sliceCount = in.readInt();
            // Most GPUs have no slices: the shared empty list, not a million empty ones for the collector.
            List<MigSlice> slices = sliceCount == 0 ? List.of() : new ArrayList<>(sliceCount);
            for (int s = 0; s < sliceCount; s++) {
                sliceNos.add(in.readInt());
                MigSlice slice = new MigSlice(
                        in.readUTF(),
                        in.readInt(),
                        in.readInt(),
                        in.readInt(),
                        in.readUTF(),
                        in.readInt(),
                        in.readInt(),
                        in.readLong());
                if (format != FORMAT_WITHOUT_COMPUTE_INSTANCES) {
                    List<ComputeInstance> computeInstances = new ArrayList<>();
                    for (int c = in.readInt(); c > 0; c--) {
                        computeInstances.add(
                                new ComputeInstance(in.readInt(), in.readUTF(), in.readInt(), in.readInt()));
                    }
                    slice = new MigSlice(
                            slice.uuid(),
                            slice.gpuInstanceId(),
                            slice.computeInstanceId(),
                            slice.profileId(),
                            slice.profileName(),
                            slice.placementStart(),
                            slice.placementSize(),
                            slice.memoryTotalMib(),
                            computeInstances);
                }
                slices.add(slice);
            }
            accelerators.add(new Accelerator(uuid, vendor, model, memory, index, mig, slices));
        }
        return new Node(
                hostname, serial, rackId, uPosition, uHeight, pool, tenant, state, generation, interval, accelerators);
    }

    /**
     * One String for each distinct value of the fields most nodes share (model, rack, pool,
     * tenant): a million GPUs would otherwise hold a million copies of the same model name.
     */
    private static final class Repeated {
        private final java.util.Map<String, String> seen = new java.util.HashMap<>();

        String of(String value) {
            String first = seen.putIfAbsent(value, value);
            return first == null ? value : first;
        }
    }

    /** A growable int array: the numbers of 100,000 GPUs without boxing them. */
    private static final class IntList {
        int[] values = new int[1024];
        int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }
}

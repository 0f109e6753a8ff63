package io.headroom.wire;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inventory between its wire form and the core records. Protobuf types stop here: nothing
 * past the client and the agent sees them.
 */
public final class InventoryCodec {
    private InventoryCodec() {}

    public static Inventory fromProto(io.headroom.protocol.v1.Inventory proto) {
        var sites = proto.getSitesList().stream()
                .map(s -> new Site(s.getId(), s.getName()))
                .toList();
        var halls = proto.getHallsList().stream()
                .map(h -> new Hall(h.getId(), h.getSiteId(), h.getName()))
                .toList();
        var racks = proto.getRacksList().stream()
                .map(r -> new Rack(
                        r.getId(), r.getHallId(), r.getRow(), r.getPosition(), r.getHeightU(), r.getPowerBudgetKw()))
                .toList();
        var nodes = proto.getNodesList().stream().map(InventoryCodec::node).toList();
        return new Inventory(proto.getServerId(), proto.getInventoryVersion(), sites, halls, racks, nodes);
    }

    private static Node node(io.headroom.protocol.v1.Node n) {
        if (n.getHostname().isBlank()) {
            throw new MalformedTelemetryException(
                    "inventory has a node without a hostname (serial '" + n.getSerial() + "')");
        }
        if (n.getSampleIntervalMs() == 0) {
            throw new MalformedTelemetryException("inventory node " + n.getHostname() + " has no sample interval");
        }
        var accelerators = n.getAcceleratorsList().stream()
                .map(InventoryCodec::accelerator)
                .toList();
        return new Node(
                n.getHostname(),
                n.getSerial(),
                n.getRackId(),
                n.getUPosition(),
                n.getUHeight(),
                n.getPool(),
                n.getTenant(),
                schedulerState(n.getSchedulerState()),
                n.getGeneration(),
                n.getSampleIntervalMs(),
                accelerators);
    }

    private static Accelerator accelerator(io.headroom.protocol.v1.Accelerator a) {
        // Agents from before compute_instances served a GPU instance once per compute instance, each
        // time with the instance's whole memory: those are one slice, listing the compute instances.
        Map<Integer, MigSlice> byInstance = new LinkedHashMap<>();
        for (io.headroom.protocol.v1.MigSlice s : a.getSlicesList()) {
            var computeInstances = s.getComputeInstancesList().stream()
                    .map(c -> new ComputeInstance(
                            c.getId(), c.getUuid(), c.getMultiprocessorCount(), c.getComputeSlices()))
                    .toList();
            MigSlice slice = new MigSlice(
                    s.getUuid(),
                    s.getGpuInstanceId(),
                    s.getComputeInstanceId(),
                    s.getProfileId(),
                    s.getProfileName(),
                    s.getPlacementStart(),
                    s.getPlacementSize(),
                    s.getMemoryTotalMib(),
                    computeInstances);
            byInstance.merge(slice.gpuInstanceId(), slice, InventoryCodec::sameGpuInstance);
        }
        return new Accelerator(
                a.getUuid(),
                vendor(a.getVendor()),
                a.getModel(),
                a.getMemoryTotalMib(),
                a.getIndex(),
                a.getMigEnabled(),
                List.copyOf(byInstance.values()));
    }

    /** The first listing of a GPU instance, with the compute instances of both (from field 3 where field 9 is empty). */
    private static MigSlice sameGpuInstance(MigSlice first, MigSlice again) {
        List<ComputeInstance> computeInstances = new ArrayList<>(listed(first));
        for (ComputeInstance c : listed(again)) {
            if (computeInstances.stream().noneMatch(known -> known.id() == c.id())) {
                computeInstances.add(c);
            }
        }
        return new MigSlice(
                first.uuid(),
                first.gpuInstanceId(),
                first.computeInstanceId(),
                first.profileId(),
                first.profileName(),
                first.placementStart(),
                first.placementSize(),
                first.memoryTotalMib(),
                computeInstances);
    }

    private static List<ComputeInstance> listed(MigSlice slice) {
        return slice.computeInstances().isEmpty()
                ? List.of(new ComputeInstance(slice.computeInstanceId(), "", 0, 0))
                : slice.computeInstances();
    }

    public static io.headroom.protocol.v1.Inventory toProto(Inventory inventory) {
        var builder = io.headroom.protocol.v1.Inventory.newBuilder()
                .setServerId(inventory.serverId())
                .setInventoryVersion(inventory.version());
        for (Site s : inventory.sites()) {
            builder.addSites(
                    io.headroom.protocol.v1.Site.newBuilder().setId(s.id()).setName(s.name()));
        }
        for (Hall h : inventory.halls()) {
            builder.addHalls(io.headroom.protocol.v1.Hall.newBuilder()
                    .setId(h.id())
                    .setSiteId(h.siteId())
                    .setName(h.name()));
        }
        for (Rack r : inventory.racks()) {
            builder.addRacks(io.headroom.protocol.v1.Rack.newBuilder()
                    .setId(r.id())
                    .setHallId(r.hallId())
                    .setRow(r.row())
                    .setPosition(r.position())
                    .setHeightU(r.heightU())
                    .setPowerBudgetKw(r.powerBudgetKw()));
        }
        for (Node n : inventory.nodes()) {
            var node = io.headroom.protocol.v1.Node.newBuilder()
                    .setHostname(n.hostname())
                    .setSerial(n.serial())
                    .setRackId(n.rackId())
                    .setUPosition(n.uPosition())
                    .setUHeight(n.uHeight())
                    .setPool(n.pool())
                    .setTenant(n.tenant())
                    .setSchedulerState(toProto(n.schedulerState()))
                    .setGeneration(n.generation())
                    .setSampleIntervalMs(n.sampleIntervalMs());
            for (Accelerator a : n.accelerators()) {
                var accelerator = io.headroom.protocol.v1.Accelerator.newBuilder()
                        .setUuid(a.uuid())
                        .setVendor(toProto(a.vendor()))
                        .setModel(a.model())
                        .setMemoryTotalMib(a.memoryTotalMib())
                        .setIndex(a.index())
                        .setMigEnabled(a.migEnabled());
                for (MigSlice s : a.slices()) {
                    accelerator.addSlices(io.headroom.protocol.v1.MigSlice.newBuilder()
                            .setUuid(s.uuid())
                            .setGpuInstanceId(s.gpuInstanceId())
                            .setComputeInstanceId(s.computeInstanceId())
                            .setProfileId(s.profileId())
                            .setProfileName(s.profileName())
                            .setPlacementStart(s.placementStart())
                            .setPlacementSize(s.placementSize())
                            .setMemoryTotalMib(s.memoryTotalMib())
                            .addAllComputeInstances(s.computeInstances().stream()
                                    .map(c -> io.headroom.protocol.v1.ComputeInstance.newBuilder()
                                            .setId(c.id())
                                            .setUuid(c.uuid())
                                            .setMultiprocessorCount(c.multiprocessorCount())
                                            .setComputeSlices(c.computeSlices())
                                            .build())
                                    .toList()));
                }
                node.addAccelerators(accelerator);
            }
            builder.addNodes(node);
        }
        return builder.build();
    }

    public static SchedulerState schedulerState(io.headroom.protocol.v1.SchedulerState state) {
        return switch (state) {
            case SCHEDULER_STATE_IDLE -> SchedulerState.IDLE;
            case SCHEDULER_STATE_ALLOCATED -> SchedulerState.ALLOCATED;
            case SCHEDULER_STATE_MIXED -> SchedulerState.MIXED;
            case SCHEDULER_STATE_DRAINING -> SchedulerState.DRAINING;
            case SCHEDULER_STATE_DRAINED -> SchedulerState.DRAINED;
            case SCHEDULER_STATE_DOWN -> SchedulerState.DOWN;
            case SCHEDULER_STATE_UNSPECIFIED, UNRECOGNIZED -> SchedulerState.UNKNOWN;
        };
    }

    public static io.headroom.protocol.v1.SchedulerState toProto(SchedulerState state) {
        return switch (state) {
            case IDLE -> io.headroom.protocol.v1.SchedulerState.SCHEDULER_STATE_IDLE;
            case ALLOCATED -> io.headroom.protocol.v1.SchedulerState.SCHEDULER_STATE_ALLOCATED;
            case MIXED -> io.headroom.protocol.v1.SchedulerState.SCHEDULER_STATE_MIXED;
            case DRAINING -> io.headroom.protocol.v1.SchedulerState.SCHEDULER_STATE_DRAINING;
            case DRAINED -> io.headroom.protocol.v1.SchedulerState.SCHEDULER_STATE_DRAINED;
            case DOWN -> io.headroom.protocol.v1.SchedulerState.SCHEDULER_STATE_DOWN;
            case UNKNOWN -> io.headroom.protocol.v1.SchedulerState.SCHEDULER_STATE_UNSPECIFIED;
        };
    }

    private static Vendor vendor(io.headroom.protocol.v1.Vendor vendor) {
        return switch (vendor) {
            case VENDOR_NVIDIA -> Vendor.NVIDIA;
            case VENDOR_AMD -> Vendor.AMD;
            case VENDOR_HUAWEI -> Vendor.HUAWEI;
            case VENDOR_HYGON -> Vendor.HYGON;
            case VENDOR_CAMBRICON -> Vendor.CAMBRICON;
            case VENDOR_KUNLUNXIN -> Vendor.KUNLUNXIN;
            default -> Vendor.OTHER;
        };
    }

    private static io.headroom.protocol.v1.Vendor toProto(Vendor vendor) {
        return switch (vendor) {
            case NVIDIA -> io.headroom.protocol.v1.Vendor.VENDOR_NVIDIA;
            case AMD -> io.headroom.protocol.v1.Vendor.VENDOR_AMD;
            case OTHER -> io.headroom.protocol.v1.Vendor.VENDOR_OTHER;
            case HUAWEI -> io.headroom.protocol.v1.Vendor.VENDOR_HUAWEI;
            case HYGON -> io.headroom.protocol.v1.Vendor.VENDOR_HYGON;
            case CAMBRICON -> io.headroom.protocol.v1.Vendor.VENDOR_CAMBRICON;
            case KUNLUNXIN -> io.headroom.protocol.v1.Vendor.VENDOR_KUNLUNXIN;
        };
    }
}

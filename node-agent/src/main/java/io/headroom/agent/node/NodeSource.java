package io.headroom.agent.node;

import io.headroom.agent.config.AgentConfig.NodeIdentity;
import io.headroom.agent.server.TelemetrySource;
import io.headroom.agent.source.DeviceSource;
import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.RackReading;
import io.headroom.agent.source.RackSensorSource;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Hall;
import io.headroom.core.fleet.ImplausibleValues;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.Site;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This machine as one node in one rack: the GPUs of every device source and the rack's
 * sensors, composed into the single {@link TelemetrySource} the agent's ticker drives.
 *
 * <p>The sources read on their own threads; a tick copies whatever each has newer than the
 * last tick into the fleet table. A GPU whose source stopped answering is simply not written,
 * so the console sees it go stale instead of seeing old values presented as new. A value no real
 * device reports (negative power, 10,000 °C) is served as unavailable, counted per source and kind.
 */
public final class NodeSource implements TelemetrySource {

    private static final Logger log = LoggerFactory.getLogger(NodeSource.class);
    private static final int RACK_HEIGHT_U = 42;

    private final String hostname;
    private final NodeIdentity identity;
    private final int intervalMs;
    private final List<DeviceSource> devices;
    private final RackSensorSource rackSensors;
    private final SchedulerView scheduler;
    private SchedulerView.Status built;
    private final SampleBuffer sample = new SampleBuffer();
    private final Set<String> reportedDuplicates = new HashSet<>();
    private final Map<DeviceSource, ImplausibleValues> implausible = new HashMap<>();
    private final ImplausibleValues implausibleRack;

    private List<List<Accelerator>> lastSeen = List.of();
    private Inventory inventory;
    private long inventoryVersion;
    private Map<String, DeviceSource> ownerByUuid = Map.of();
    private FleetLayout writtenLayout;
    private long[] lastWritten = new long[0];
    private long lastRackWritten;

    public NodeSource(
            String hostname,
            NodeIdentity identity,
            int intervalMs,
            List<DeviceSource> devices,
            RackSensorSource rackSensors,
            SchedulerView scheduler) {
        this.hostname = hostname;
        this.identity = identity;
        this.intervalMs = intervalMs;
        this.devices = List.copyOf(devices);
        this.rackSensors = rackSensors;
        this.scheduler = scheduler;
        for (DeviceSource device : this.devices) {
            implausible.put(device, new ImplausibleValues(device.name()));
        }
        this.implausibleRack = new ImplausibleValues(rackSensors == null ? "rack sensors" : "rack sensors (Redfish)");
        this.built = scheduler.now();
        this.inventory = build(List.of());
    }

    public String hostname() {
        return hostname;
    }

    public List<DeviceSource> devices() {
        return devices;
    }

    public RackSensorSource rackSensors() {
        return rackSensors;
    }

    /** Implausible values a device source reported, per kind (served as unavailable). */
    public ImplausibleValues implausible(DeviceSource device) {
        return implausible.get(device);
    }

    @Override
    public synchronized Inventory inventory() {
        List<List<Accelerator>> now = new ArrayList<>(devices.size());
        for (DeviceSource device : devices) {
            now.add(device.accelerators());
        }
        SchedulerView.Status status = scheduler.now();
        // A drain or a reassign changes the node as much as a new GPU does.
        if (!now.equals(lastSeen) || !status.sameNode(built)) {
            lastSeen = now;
            built = status;
            inventory = build(now);
        }
        return inventory;
    }

    @Override
    public int intervalMs() {
        return intervalMs;
    }

    @Override
    public synchronized void tick(long timeMillis, FleetTelemetry target) {
        FleetLayout layout = target.layout();
        if (layout != writtenLayout) {
            writtenLayout = layout;
            lastWritten = new long[layout.slotCount()];
        }
        int node = layout.nodeIndex(hostname);
        int samples = 0;
        if (node != FleetLayout.NONE) {
            SchedulerView.Status status = scheduler.now();
            int gpusOnNode = layout.node(node).accelerators().size();
            for (int slot = 0; slot < layout.slotCount(); slot++) {
                if (layout.nodeOfSlot(slot) != node) {
                    continue;
                }
                MigSlice slice = layout.slice(slot);
                String uuid = slice == null ? layout.accelerator(slot).uuid() : slice.uuid();
                DeviceSource owner = ownerByUuid.get(uuid);
                GpuReading reading = owner == null ? null : owner.reading(uuid);
                if (reading == null || reading.timeMillis() <= lastWritten[slot]) {
                    continue;
                }
                lastWritten[slot] = reading.timeMillis();
                SampleBuffer written = implausible.get(owner).check(reading.writeTo(sample.clear()));
                // The scheduler, not the device, knows whether a job holds the GPU: allocated and idle is held idle.
                int gpuIndex = layout.accelerator(slot).index();
                written.allocated = slice == null
                        ? status.allocation().holds(gpuIndex, gpusOnNode)
                        : status.allocation().holdsSlice(gpuIndex, slice.gpuInstanceId());
                target.writeAccelerator(slot, written);
                samples++;
            }
            if (samples > 0) {
                target.writeNode(node, timeMillis, status.state(), status.generation());
            }
        }
        writeRack(target, layout);
        target.publish(samples);
    }

    private void writeRack(FleetTelemetry target, FleetLayout layout) {
        if (rackSensors == null) {
            return;
        }
        RackReading rack = rackSensors.latest();
        int index = layout.rackIndex(identity.rack());
        if (rack != null && index != FleetLayout.NONE && rack.timeMillis() > lastRackWritten) {
            lastRackWritten = rack.timeMillis();
            target.writeRack(
                    index,
                    rack.timeMillis(),
                    implausibleRack.check(ImplausibleValues.Kind.RACK_TEMPERATURE, rack.inletC()),
                    implausibleRack.check(ImplausibleValues.Kind.RACK_TEMPERATURE, rack.outletC()),
                    implausibleRack.check(ImplausibleValues.Kind.RACK_POWER, rack.powerKw()));
            target.writeRackFans(index, rack.fansTotal(), rack.fansFailed());
        }
    }

    private Inventory build(List<List<Accelerator>> perDevice) {
        List<Accelerator> accelerators = new ArrayList<>();
        Map<String, DeviceSource> owners = new HashMap<>();
        Set<Integer> indices = new HashSet<>();
        for (int d = 0; d < perDevice.size(); d++) {
            DeviceSource device = devices.get(d);
            for (Accelerator accelerator : perDevice.get(d)) {
                if (owners.containsKey(accelerator.uuid())) {
                    // nvidia-smi and dcgm-exporter on one node see the same GPUs; the first source listed keeps them.
                    if (reportedDuplicates.add(accelerator.uuid())) {
                        log.warn(
                                "{} reports GPU {} which {} already reports; using {} for it",
                                device.name(),
                                accelerator.uuid(),
                                owners.get(accelerator.uuid()).name(),
                                owners.get(accelerator.uuid()).name());
                    }
                    continue;
                }
                Accelerator placed = accelerator;
                if (!indices.add(accelerator.index())) {
                    // NVIDIA and AMD GPUs in one machine both count from 0; the console needs one index per GPU.
                    int free = 0;
                    while (indices.contains(free)) {
                        free++;
                    }
                    indices.add(free);
                    placed = new Accelerator(
                            accelerator.uuid(),
                            accelerator.vendor(),
                            accelerator.model(),
                            accelerator.memoryTotalMib(),
                            free,
                            accelerator.migEnabled(),
                            accelerator.slices());
                }
                owners.put(accelerator.uuid(), device);
                for (MigSlice slice : accelerator.slices()) {
                    owners.put(slice.uuid(), device);
                }
                accelerators.add(placed);
            }
        }
        ownerByUuid = owners;
        accelerators.sort(java.util.Comparator.comparingInt(Accelerator::index));
        var rack = new Rack(
                identity.rack(), identity.hall(), identity.rackRow(), 1, RACK_HEIGHT_U, identity.rackPowerBudgetKw());
        var node = new Node(
                hostname,
                identity.serial(),
                identity.rack(),
                identity.rackUnit(),
                identity.uHeight(),
                built.pool() == null ? identity.pool() : built.pool(),
                built.tenant() == null ? identity.tenant() : built.tenant(),
                built.state(),
                built.generation(),
                intervalMs,
                accelerators);
        return new Inventory(
                hostname,
                ++inventoryVersion,
                List.of(new Site(identity.site(), identity.site())),
                List.of(new Hall(identity.hall(), identity.site(), identity.hall())),
                List.of(rack),
                List.of(node));
    }
}

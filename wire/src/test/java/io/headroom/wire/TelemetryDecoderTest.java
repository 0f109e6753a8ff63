package io.headroom.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import io.headroom.protocol.v1.AcceleratorSample;
import io.headroom.protocol.v1.NodeSample;
import io.headroom.protocol.v1.TelemetryBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryDecoderTest {

    private static Inventory inventory() {
        var slice = new MigSlice("MIG-1", 1, 0, 9, "3g.40gb", 0, 4, 40960);
        var mig = new Accelerator("GPU-b", Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81559, 1, true, List.of(slice));
        var plain = new Accelerator("GPU-a", Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81559, 0, false, List.of());
        var node = new Node("n1", "S1", "r1", 1, 4, "train", "acme", SchedulerState.IDLE, 3, 1000, List.of(plain, mig));
        return new Inventory(
                "t", 1, List.of(), List.of(), List.of(new Rack("r1", "h1", "A", 1, 42, 40)), List.of(node));
    }

    @Test
    void writesGpuAndSliceSamplesAndSkipsWhatTheLayoutDoesNotKnow() {
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        fleet.install(inventory());
        var batch = TelemetryBatch.newBuilder()
                .addNodes(NodeSample.newBuilder()
                        .setHostname("n1")
                        .setTimeMs(1000)
                        .setGeneration(4)
                        .setSchedulerState(io.headroom.protocol.v1.SchedulerState.SCHEDULER_STATE_MIXED)
                        .addAccelerators(AcceleratorSample.newBuilder()
                                .setGpuIndex(0)
                                .setUtilizationPct(87)
                                .setPowerW(610)
                                .setAllocated(true))
                        .addAccelerators(AcceleratorSample.newBuilder()
                                .setGpuIndex(1)
                                .setGpuInstanceId(1)
                                .setUtilizationPct(Float.NaN)
                                .setSmActivePct(40))
                        .addAccelerators(AcceleratorSample.newBuilder().setGpuIndex(7)))
                .addNodes(NodeSample.newBuilder()
                        .setHostname("unknown-node")
                        .setTimeMs(1000)
                        .addAccelerators(AcceleratorSample.newBuilder().setGpuIndex(0)))
                .build();
        var decoder = new TelemetryDecoder();

        int written = decoder.write(batch.toByteArray(), fleet.current());

        var t = fleet.current();
        assertThat(written).isEqualTo(2);
        assertThat(t.utilizationPct(0)).isEqualTo(87f);
        assertThat(t.powerW(0)).isEqualTo(610f);
        assertThat(t.allocated(0)).isTrue();
        int slice = t.layout().sliceSlot(1, 1);
        assertThat(t.utilizationPct(slice)).isNaN();
        assertThat(t.activityPct(slice)).isEqualTo(40f);
        assertThat(t.schedulerState(0)).isEqualTo(SchedulerState.MIXED);
        assertThat(t.generation(0)).isEqualTo(4);
        assertThat(decoder.unknownSamples()).isEqualTo(2);
    }

    @Test
    void absurdValuesBecomeUnavailableNotLies() {
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        fleet.install(inventory());
        var batch = TelemetryBatch.newBuilder()
                .addNodes(NodeSample.newBuilder()
                        .setHostname("n1")
                        .setTimeMs(1000)
                        .addAccelerators(AcceleratorSample.newBuilder()
                                .setGpuIndex(0)
                                .setUtilizationPct(250)
                                .setPowerW(-40)
                                .setGpuTempC(9000)
                                .setMemoryUsedMib(Float.POSITIVE_INFINITY)))
                .build();
        var decoder = new TelemetryDecoder();
        decoder.write(batch.toByteArray(), fleet.current());
        var t = fleet.current();
        assertThat(t.utilizationPct(0)).isNaN();
        assertThat(t.powerW(0)).isNaN();
        assertThat(t.gpuTempC(0)).isNaN();
        assertThat(t.memoryUsedMib(0)).isNaN();
        assertThat(decoder.implausibleValues()).isEqualTo(4);
    }

    @Test
    void inventorySurvivesTheWireBothWays() {
        Inventory original = inventory();
        assertThat(InventoryCodec.fromProto(InventoryCodec.toProto(original))).isEqualTo(original);
    }

    @Test
    void rackFansTravelWithTheRackAndFailedNeverExceedsAll() {
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        fleet.install(inventory());
        var source = fleet.current();
        source.writeRack(0, 1000, 24.5f, 38f, 12.5f);
        source.writeRackFans(0, 16, 1);
        var encoded = TelemetryEncoder.rack(source, 0);
        assertThat(encoded.getFans()).isEqualTo(16);
        assertThat(encoded.getFansFailed()).isEqualTo(1);

        var console = new FleetState(IdleThresholds.DEFAULTS);
        console.install(inventory());
        new TelemetryDecoder()
                .write(TelemetryBatch.newBuilder().addRacks(encoded).build().toByteArray(), console.current());
        assertThat(console.current().rackFans(0)).isEqualTo(16);
        assertThat(console.current().rackFansFailed(0)).isEqualTo(1);
        assertThat(console.current().rackPowerKw(0)).isEqualTo(12.5f);

        new TelemetryDecoder()
                .write(
                        TelemetryBatch.newBuilder()
                                .addRacks(encoded.toBuilder()
                                        .setTimeMs(2000)
                                        .setFans(4)
                                        .setFansFailed(9))
                                .build()
                                .toByteArray(),
                        console.current());
        assertThat(console.current().rackFansFailed(0)).isEqualTo(4);
    }

    @Test
    void unmeasuredIntegerReadingsStayUnmeasuredBothWaysAndOldSendersMeanMeasured() {
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        fleet.install(inventory());
        int rocmLike = io.headroom.core.fleet.IntegerReading.THROTTLE_REASONS.bit()
                | io.headroom.core.fleet.IntegerReading.LAST_XID.bit();
        new TelemetryDecoder()
                .write(
                        TelemetryBatch.newBuilder()
                                .addNodes(NodeSample.newBuilder()
                                        .setHostname("n1")
                                        .setTimeMs(1000)
                                        .addAccelerators(AcceleratorSample.newBuilder()
                                                .setGpuIndex(0)
                                                .setUnmeasured(rocmLike)
                                                .setEccUncorrectable(2))
                                        .addAccelerators(
                                                AcceleratorSample.newBuilder().setGpuIndex(1)))
                                .build()
                                .toByteArray(),
                        fleet.current());
        var t = fleet.current();
        assertThat(t.measured(0, io.headroom.core.fleet.IntegerReading.LAST_XID))
                .isFalse();
        assertThat(t.measured(0, io.headroom.core.fleet.IntegerReading.THROTTLE_REASONS))
                .isFalse();
        assertThat(t.measured(0, io.headroom.core.fleet.IntegerReading.ECC_UNCORRECTABLE))
                .isTrue();
        assertThat(t.eccUncorrectable(0)).isEqualTo(2);
        // No unmeasured field, as a server older than it sends: its 0s are what it measured.
        assertThat(t.unmeasured(1)).isZero();
        // A GPU no sample has reached: nothing measured.
        assertThat(t.measured(t.layout().sliceSlot(1, 1), io.headroom.core.fleet.IntegerReading.LAST_XID))
                .isFalse();

        // The relay re-encodes the console-side table: the bits travel on, on the protocol's numbers.
        AcceleratorSample again = TelemetryEncoder.node(t, 0).getAccelerators(0);
        assertThat(again.getUnmeasured())
                .isEqualTo(io.headroom.protocol.v1.IntegerReading.INTEGER_READING_THROTTLE_REASONS_VALUE
                        | io.headroom.protocol.v1.IntegerReading.INTEGER_READING_LAST_XID_VALUE);
        for (var reading : io.headroom.core.fleet.IntegerReading.values()) {
            assertThat(io.headroom.protocol.v1.IntegerReading.valueOf("INTEGER_READING_" + reading.name())
                            .getNumber())
                    .isEqualTo(reading.bit());
        }
    }

    @Test
    // the wire numbers DeviceHealth by its ordinals: the test checks exactly that
    @SuppressWarnings("EnumOrdinal")
    void deviceHealthTravelsBothWaysOnTheProtocolsNumbersAndUnknownStaysUnknown() {
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        fleet.install(inventory());
        new TelemetryDecoder()
                .write(
                        TelemetryBatch.newBuilder()
                                .addNodes(NodeSample.newBuilder()
                                        .setHostname("n1")
                                        .setTimeMs(1000)
                                        .addAccelerators(AcceleratorSample.newBuilder()
                                                .setGpuIndex(0)
                                                .setHealth(io.headroom.protocol.v1.DeviceHealth.DEVICE_HEALTH_ALARM))
                                        // A sender without the field (nvidia-smi, older agents), and one from the
                                        // future with a value this console does not know.
                                        .addAccelerators(
                                                AcceleratorSample.newBuilder().setGpuIndex(1))
                                        .addAccelerators(AcceleratorSample.newBuilder()
                                                .setGpuIndex(1)
                                                .setGpuInstanceId(1)
                                                .setHealthValue(99)))
                                .build()
                                .toByteArray(),
                        fleet.current());
        var t = fleet.current();
        assertThat(t.health(0)).isEqualTo(io.headroom.core.fleet.DeviceHealth.ALARM);
        assertThat(t.health(1)).isEqualTo(io.headroom.core.fleet.DeviceHealth.UNKNOWN);
        assertThat(t.health(t.layout().sliceSlot(1, 1))).isEqualTo(io.headroom.core.fleet.DeviceHealth.UNKNOWN);
        assertThat(TelemetryEncoder.node(t, 0).getAccelerators(0).getHealth())
                .isEqualTo(io.headroom.protocol.v1.DeviceHealth.DEVICE_HEALTH_ALARM);
        for (var health : io.headroom.core.fleet.DeviceHealth.values()) {
            String name = health == io.headroom.core.fleet.DeviceHealth.UNKNOWN ? "UNSPECIFIED" : health.name();
            assertThat(io.headroom.protocol.v1.DeviceHealth.valueOf("DEVICE_HEALTH_" + name)
                            .getNumber())
                    .as(health.name())
                    .isEqualTo(health.ordinal());
        }
    }
}

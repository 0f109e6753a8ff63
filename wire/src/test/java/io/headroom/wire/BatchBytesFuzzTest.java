package io.headroom.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
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
import io.headroom.protocol.v1.RackSample;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadChanges;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes arrive as a batch, the byte-level readers (decoder, header, node census, the
 * relay's rewrite) either read them or throw {@link MalformedTelemetryException} naming where
 * they break: never anything else. And whatever protobuf's own parser takes, they take too.
 */
class BatchBytesFuzzTest {

    private static Inventory inventory() {
        var slice = new MigSlice("MIG-1", 1, 0, 9, "3g.40gb", 0, 4, 40960);
        var mig = new Accelerator("GPU-b", Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81559, 1, true, List.of(slice));
        var plain = new Accelerator("GPU-a", Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81559, 0, false, List.of());
        var n1 = new Node("n1", "S1", "r1", 1, 4, "train", "acme", SchedulerState.IDLE, 3, 1000, List.of(plain, mig));
        var n2 = new Node("n2", "S2", "r1", 5, 4, "train", "acme", SchedulerState.IDLE, 3, 1000, List.of(plain));
        return new Inventory(
                "t", 1, List.of(), List.of(), List.of(new Rack("r1", "h1", "A", 1, 42, 40)), List.of(n1, n2));
    }

    static byte[] validBatch() {
        return TelemetryBatch.newBuilder()
                .setEpoch("e-1")
                .setSequence(300)
                .setServerTimeMs(1000)
                .setInventoryVersion(1)
                .setWorkloadVersion(7)
                .setWorkloadChanges(WorkloadChanges.newBuilder()
                        .setFromVersion(6)
                        .addUpserted(Workload.newBuilder().setId("slurm:c:1"))
                        .addEnded("slurm:c:0"))
                .addNodes(NodeSample.newBuilder()
                        .setHostname("n1")
                        .setTimeMs(1000)
                        .setGeneration(4)
                        .addAccelerators(AcceleratorSample.newBuilder()
                                .setGpuIndex(0)
                                .setUtilizationPct(87)
                                .setIdleSinceMs(900)
                                .setUnmeasured(3))
                        .addAccelerators(AcceleratorSample.newBuilder()
                                .setGpuIndex(1)
                                .setGpuInstanceId(1)
                                .setSmActivePct(40)))
                .addNodes(NodeSample.newBuilder()
                        .setHostname("n2")
                        .setTimeMs(1000)
                        .addAccelerators(
                                AcceleratorSample.newBuilder().setGpuIndex(0).setPowerW(300)))
                .addRacks(
                        RackSample.newBuilder().setRackId("r1").setTimeMs(1000).setFans(8))
                .build()
                .toByteArray();
    }

    @Test
    void everyPrefixEveryChangedByteAndRandomBytesAreReadOrRefusedByName() {
        byte[] valid = validBatch();
        List<byte[]> inputs = new ArrayList<>();
        for (int end = 0; end <= valid.length; end++) {
            inputs.add(Arrays.copyOf(valid, end));
        }
        Random random = new Random(25);
        for (int i = 0; i < 3000; i++) {
            byte[] changed = valid.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                changed[random.nextInt(changed.length)] = (byte) random.nextInt(256);
            }
            inputs.add(changed);
        }
        for (int i = 0; i < 2000; i++) {
            byte[] noise = new byte[random.nextInt(200)];
            random.nextBytes(noise);
            inputs.add(noise);
        }
        int refused = 0;
        for (byte[] input : inputs) {
            boolean protobufTakesIt = parses(input);
            boolean taken = readAll(input);
            if (protobufTakesIt) {
                assertThat(taken)
                        .as("bytes protobuf's parser takes: %s", Arrays.toString(input))
                        .isTrue();
            }
            refused += taken ? 0 : 1;
        }
        assertThat(refused).as("the fuzzing reached the refusals").isGreaterThan(1000);
    }

    @Test
    void aTruncatedBatchSaysWhereItBreaks() {
        byte[] valid = validBatch();
        byte[] cut = Arrays.copyOf(valid, valid.length - 3);
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        fleet.install(inventory());
        assertThatThrownBy(() -> new TelemetryDecoder().write(cut, fleet.current()))
                .isInstanceOf(MalformedTelemetryException.class)
                .hasMessageContaining("not valid protobuf")
                .hasMessageContaining("of " + cut.length);
    }

    private static boolean parses(byte[] input) {
        try {
            TelemetryBatch.parseFrom(input);
            return true;
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    /** True when every reader took the bytes; false when each refused them by name. */
    private static boolean readAll(byte[] input) {
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        fleet.install(inventory());
        int refusals = 0;
        try {
            new TelemetryDecoder().write(input, fleet.current());
        } catch (MalformedTelemetryException e) {
            refusals++;
        }
        try {
            BatchHeader.read(input);
        } catch (MalformedTelemetryException e) {
            refusals++;
        }
        try {
            BatchCoverage.of(input);
        } catch (MalformedTelemetryException e) {
            refusals++;
        }
        try {
            byte[] forwarded = ForwardedBatch.body(input, 2, 3, null, 7, 8);
            BatchHeader.read(forwarded);
        } catch (MalformedTelemetryException e) {
            refusals++;
        }
        return refusals == 0;
    }
}

package io.headroom.agent.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.simulator.FleetShape;
import io.headroom.agent.simulator.FleetSimulator;
import io.headroom.agent.simulator.SiteMix;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.protocol.v1.AcceleratorSample;
import io.headroom.protocol.v1.NodeSample;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.wire.TelemetryDecoder;
import io.headroom.wire.TelemetryEncoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The byte-level {@link TelemetryDecoder} writes exactly what the message-walking decoder it
 * replaced wrote: the simulated fleet's batches, round after round, decoded both ways into two
 * fleets whose every array value is compared. The batches are cut as the agent cuts them, and
 * now and then disturbed: nodes no inventory names, values no device reports, rounds in a
 * shuffled order (which the byte decoder's node guessing must survive).
 */
class ByteDecoderEquivalenceTest {

    private static final long START = 1_760_000_000_000L;
    private static final int ROUNDS = 24;

    @ParameterizedTest
    @EnumSource(SiteMix.class)
    void simulatedBatchesDecodeToTheSameFleetFromBytesAsFromMessages(SiteMix mix) {
        var simulator = new FleetSimulator(FleetShape.forGpus(2_048), 11, START, 1000, "", mix);
        var source = new FleetState(IdleThresholds.DEFAULTS);
        var viaMessages = new FleetState(IdleThresholds.DEFAULTS);
        var viaBytes = new FleetState(IdleThresholds.DEFAULTS);
        var reference = new ObjectWalkingDecoder("messages");
        var decoder = new TelemetryDecoder("bytes");
        var random = new Random(25);
        long samples = 0;
        int shuffled = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long time = START + round * 1000L;
            if (source.layout().inventory().version() != simulator.inventory().version()
                    || source.layout().nodeCount() == 0) {
                source.install(simulator.inventory());
                viaMessages.install(simulator.inventory());
                viaBytes.install(simulator.inventory());
            }
            simulator.tick(time, source.current());
            boolean shuffle = round % 7 == 3;
            shuffled += shuffle ? 1 : 0;
            for (TelemetryBatch batch : batches(source.current(), time, random, shuffle)) {
                int expected = reference.write(batch, viaMessages.current());
                assertThat(decoder.write(batch.toByteArray(), viaBytes.current()))
                        .as("samples written, round %d", round)
                        .isEqualTo(expected);
                samples += expected;
            }
            assertSameValues(viaMessages.current(), viaBytes.current(), round);
        }
        assertThat(samples).as("the comparison saw the fleet").isGreaterThan(ROUNDS * 2_000L);
        assertThat(decoder.unknownSamples())
                .isEqualTo(reference.unknownSamples())
                .isPositive();
        assertThat(decoder.implausibleValues())
                .isEqualTo(reference.implausibleValues())
                .isPositive();
        int nodes = viaBytes.layout().nodeCount();
        assertThat(decoder.nodesLookedUp())
                .as(
                        "hostnames looked up: the first round's, the shuffled rounds' and the unknown ones; %d found in order",
                        decoder.nodesFoundInOrder())
                .isLessThanOrEqualTo((1L + shuffled) * nodes + ROUNDS);
        assertThat(decoder.nodesFoundInOrder()).isGreaterThanOrEqualTo((long) (ROUNDS - 1 - shuffled) * nodes);
    }

    /** A round cut as the agent cuts it (racks first, 256 nodes a batch), with a few disturbances. */
    private static List<TelemetryBatch> batches(FleetTelemetry telemetry, long time, Random random, boolean shuffle) {
        FleetLayout layout = telemetry.layout();
        var first = TelemetryBatch.newBuilder().setServerTimeMs(time);
        for (int rack = 0; rack < layout.rackCount(); rack++) {
            if (telemetry.rackSampleTime(rack) == time) {
                first.addRacks(TelemetryEncoder.rack(telemetry, rack));
            }
        }
        List<NodeSample> nodes = new ArrayList<>();
        for (int node = 0; node < layout.nodeCount(); node++) {
            if (telemetry.nodeSampleTime(node) == time) {
                nodes.add(disturbed(TelemetryEncoder.node(telemetry, node), random));
            }
        }
        nodes.add(
                random.nextInt(nodes.size() + 1),
                NodeSample.newBuilder()
                        .setHostname("not-in-the-inventory-" + random.nextInt(4))
                        .setTimeMs(time)
                        .addAccelerators(AcceleratorSample.newBuilder().setGpuIndex(0))
                        .build());
        if (shuffle) {
            Collections.shuffle(nodes, random);
        }
        List<TelemetryBatch> batches = new ArrayList<>();
        var batch = first;
        for (NodeSample node : nodes) {
            batch.addNodes(node);
            if (batch.getNodesCount() == 256) {
                batches.add(batch.build());
                batch = TelemetryBatch.newBuilder().setServerTimeMs(time);
            }
        }
        batches.add(batch.build());
        return batches;
    }

    /** One node in fifty gets a value no device reports, or a GPU its inventory does not have. */
    private static NodeSample disturbed(NodeSample node, Random random) {
        if (random.nextInt(50) != 0 || node.getAcceleratorsCount() == 0) {
            return node;
        }
        int which = random.nextInt(node.getAcceleratorsCount());
        AcceleratorSample sample = node.getAccelerators(which);
        AcceleratorSample changed = switch (random.nextInt(3)) {
            case 0 -> sample.toBuilder().setUtilizationPct(250).setPowerW(-40).build();
            case 1 -> sample.toBuilder().setGpuIndex(99).build();
            default ->
                sample.toBuilder().setIdleSinceMs(node.getTimeMs() + 5_000).build();
        };
        return node.toBuilder().setAccelerators(which, changed).build();
    }

    private static void assertSameValues(FleetTelemetry expected, FleetTelemetry actual, int round) {
        FleetLayout layout = expected.layout();
        for (int s = 0; s < layout.slotCount(); s++) {
            String where = "round " + round + ", " + layout.describe(s);
            assertThat(slot(actual, s)).as(where).isEqualTo(slot(expected, s));
        }
        for (int n = 0; n < layout.nodeCount(); n++) {
            assertThat(List.of(actual.nodeSampleTime(n), actual.schedulerState(n), actual.generation(n)))
                    .as("round %d, node %s", round, layout.node(n).hostname())
                    .isEqualTo(List.of(expected.nodeSampleTime(n), expected.schedulerState(n), expected.generation(n)));
        }
        for (int r = 0; r < layout.rackCount(); r++) {
            assertThat(List.of(
                            actual.rackSampleTime(r),
                            actual.rackInletC(r),
                            actual.rackOutletC(r),
                            actual.rackPowerKw(r),
                            actual.rackFans(r),
                            actual.rackFansFailed(r)))
                    .as("round %d, rack %s", round, layout.rack(r).id())
                    .isEqualTo(List.of(
                            expected.rackSampleTime(r),
                            expected.rackInletC(r),
                            expected.rackOutletC(r),
                            expected.rackPowerKw(r),
                            expected.rackFans(r),
                            expected.rackFansFailed(r)));
        }
    }

    /** Every value the fleet holds for a slot; floats by their bits, so NaN equals NaN. */
    private static List<Object> slot(FleetTelemetry t, int s) {
        return List.of(
                t.sampleTime(s),
                t.idleSinceMillis(s),
                Float.floatToIntBits(t.utilizationPct(s)),
                Float.floatToIntBits(t.smActivePct(s)),
                Float.floatToIntBits(t.memoryUsedMib(s)),
                Float.floatToIntBits(t.powerW(s)),
                Float.floatToIntBits(t.powerLimitW(s)),
                Float.floatToIntBits(t.gpuTempC(s)),
                Float.floatToIntBits(t.memoryTempC(s)),
                Float.floatToIntBits(t.smClockMhz(s)),
                t.throttleReasons(s),
                t.lastXid(s),
                t.eccUncorrectable(s),
                t.remappedRowFailures(s),
                t.unmeasured(s),
                Objects.toString(t.health(s)),
                t.allocated(s),
                t.missing(s));
    }
}

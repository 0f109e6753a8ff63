package io.headroom.bench.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.agent.simulator.FleetShape;
import io.headroom.client.AgentConnection;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.protocol.v1.AcceleratorSample;
import io.headroom.protocol.v1.NodeSample;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.wire.AgentEndpoint;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A replayer at a small rate streams a recording into the console's client, as an agent would. */
class ReplayEndToEndTest {

    private static final long A_DAY = 86_400_000L;

    @Test
    void theFleetStateShowsTheRecordedValuesWithFreshTimesAndNoGaps() throws Exception {
        // One round, recorded a day ago: every pass sends the same values, only the times are new.
        RecordedAgent recording = new SimulatorRecorder(16, 1, System.currentTimeMillis() - A_DAY)
                .recordAgent("agent-1", FleetShape.forGpus(256), 43, "sim1-");
        List<TelemetryBatch> recorded = RecordedBatchTest.parsed(recording);
        long samplesPerRound = recording.samplesPerRound();
        long started = System.currentTimeMillis();

        // Five rounds a second: each node's samples arrive several times within the test.
        try (var replayer = Replayer.start(List.of(recording), 5.0 * samplesPerRound, "127.0.0.1", 0)) {
            var endpoint =
                    new AgentEndpoint("127.0.0.1", replayer.agents().getFirst().port());
            var state = new FleetState(IdleThresholds.DEFAULTS);
            var board = new ConnectionBoard(List.of(endpoint.toString()));
            try (var client =
                    new FleetClient(List.of(endpoint), state, board, ClientOptions.defaults("replay-test")).start()) {
                AgentConnection connection = client.connections().getFirst();
                // Past the recording's last batch twice: the sequence runs on across passes.
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> connection.lastSequence() > 2L * recorded.size() + 1);

                FleetTelemetry fleet = state.current();
                FleetLayout layout = fleet.layout();
                assertThat(layout.gpuCount()).isEqualTo(256);
                int compared = 0;
                for (TelemetryBatch batch : recorded) {
                    for (NodeSample node : batch.getNodesList()) {
                        int n = layout.nodeIndex(node.getHostname());
                        assertThat(fleet.nodeSampleTime(n))
                                .as(node.getHostname())
                                .isGreaterThanOrEqualTo(started);
                        for (AcceleratorSample a : node.getAcceleratorsList()) {
                            int slot = layout.gpuSlot(n, a.getGpuIndex());
                            if (a.hasGpuInstanceId()) {
                                slot = layout.sliceSlot(slot, a.getGpuInstanceId());
                            }
                            // Float.compare: a reading the simulator leaves unmeasured (NaN) stays so.
                            String what = layout.describe(slot);
                            assertThat(Float.compare(fleet.powerW(slot), a.getPowerW()))
                                    .as(what)
                                    .isZero();
                            assertThat(Float.compare(fleet.memoryUsedMib(slot), a.getMemoryUsedMib()))
                                    .as(what)
                                    .isZero();
                            assertThat(Float.compare(fleet.utilizationPct(slot), a.getUtilizationPct()))
                                    .as(what)
                                    .isZero();
                            compared++;
                        }
                    }
                }
                assertThat(compared).isEqualTo(samplesPerRound);
                assertThat(connection.sequenceGaps()).isZero();
                assertThat(connection.missedBatches()).isZero();
                assertThat(client.coalescedSamples()).isZero();
                assertThat(replayer.samplesSent()).isGreaterThan(2 * samplesPerRound);
            }
        }
    }
}

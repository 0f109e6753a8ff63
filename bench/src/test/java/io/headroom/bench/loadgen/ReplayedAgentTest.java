package io.headroom.bench.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetInventoryRequest;
import io.headroom.protocol.v1.StreamTelemetryRequest;
import io.headroom.protocol.v1.TelemetryBatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The replayer's streams as a plain gRPC client sees them: pacing, sequences, epochs, resume. */
class ReplayedAgentTest {

    private static final long RECORDED = 1_741_752_000_000L + 14 * 3_600_000L;

    /** 256 GPUs, 4 nodes a batch: 8 batches a round, the first with the round's racks. */
    private final RecordedAgent recording =
            new SimulatorRecorder(4, 1, RECORDED).recordAgent("agent-1", FleetShape.forGpus(256), 43, "sim1-");

    /** Two rounds a second. */
    private final double rate = 2.0 * recording.samplesPerRound();

    private final ReplayedAgent agent = new ReplayedAgent(recording, rate);
    private ManagedChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.shutdownNow();
        }
        agent.close();
    }

    private AgentGrpc.AgentBlockingStub stub() throws Exception {
        agent.serve(new java.net.InetSocketAddress("127.0.0.1", 0));
        channel = Grpc.newChannelBuilder("127.0.0.1:" + agent.port(), InsecureChannelCredentials.create())
                .maxInboundMessageSize(32 << 20)
                .build();
        return AgentGrpc.newBlockingStub(channel);
    }

    @Test
    void batchesLeaveSpreadThroughTheSecondWithContiguousSequencesAndTheirDueTimes() throws Exception {
        var stub = stub();
        int perRound = recording.batches().size();

        List<TelemetryBatch> sent = take(stub, StreamTelemetryRequest.getDefaultInstance(), 2 * perRound + 1);

        long first = sent.getFirst().getServerTimeMs();
        long samplesBefore = 0;
        for (int i = 0; i < sent.size(); i++) {
            TelemetryBatch batch = sent.get(i);
            assertThat(batch.getEpoch()).isEqualTo(sent.getFirst().getEpoch());
            assertThat(batch.getSequence()).isEqualTo(i + 1);
            // Due when the samples before it have had their share of the second at the rate.
            long due = first + Math.round(samplesBefore * 1000.0 / rate);
            assertThat(batch.getServerTimeMs()).as("batch %d", i).isBetween(due - 1, due + 1);
            assertThat(batch.getNodesList()).allMatch(n -> n.getTimeMs() == batch.getServerTimeMs());
            assertThat(batch.getRacksList()).allMatch(r -> r.getTimeMs() == batch.getServerTimeMs());
            samplesBefore += batch.getNodesList().stream()
                    .mapToInt(n -> n.getAcceleratorsCount())
                    .sum();
        }
        // Round two starts half a second after round one, and its batches in between are not bunched at its top.
        assertThat(sent.get(perRound).getServerTimeMs() - first).isBetween(499L, 501L);
        assertThat(sent.get(perRound / 2).getServerTimeMs() - first).isBetween(150L, 350L);
    }

    @Test
    void aClientResumingTheSameEpochContinuesAfterItsLastSequenceAndAnotherEpochStartsAnew() throws Exception {
        var stub = stub();
        String epoch = take(stub, StreamTelemetryRequest.getDefaultInstance(), 1)
                .getFirst()
                .getEpoch();

        TelemetryBatch resumed = take(
                        stub,
                        StreamTelemetryRequest.newBuilder()
                                .setResumeEpoch(epoch)
                                .setResumeAfterSequence(41)
                                .build(),
                        1)
                .getFirst();
        TelemetryBatch foreign = take(
                        stub,
                        StreamTelemetryRequest.newBuilder()
                                .setResumeEpoch("another-server")
                                .setResumeAfterSequence(41)
                                .build(),
                        1)
                .getFirst();

        assertThat(resumed.getEpoch()).isEqualTo(epoch);
        assertThat(resumed.getSequence()).isEqualTo(42);
        assertThat(foreign.getEpoch()).isEqualTo(epoch);
        assertThat(foreign.getSequence()).isEqualTo(1);
    }

    @Test
    void theInventoryIsTheRecordedOneWithASampleIntervalOfARoundWhenRoundsAreSlower() throws Exception {
        var slow = new ReplayedAgent(recording, recording.samplesPerRound() / 4.0); // a round every 4 s
        try {
            slow.serve(new java.net.InetSocketAddress("127.0.0.1", 0));
            channel = Grpc.newChannelBuilder("127.0.0.1:" + slow.port(), InsecureChannelCredentials.create())
                    .maxInboundMessageSize(32 << 20)
                    .build();

            var inventory = AgentGrpc.newBlockingStub(channel).getInventory(GetInventoryRequest.getDefaultInstance());

            assertThat(inventory.getNodesCount())
                    .isEqualTo(recording.inventory().getNodesCount());
            assertThat(inventory.getInventoryVersion())
                    .isEqualTo(recording.inventory().getInventoryVersion());
            assertThat(inventory.getNodesList()).allMatch(n -> n.getSampleIntervalMs() == 4000);
        } finally {
            slow.close();
        }
    }

    private static List<TelemetryBatch> take(AgentGrpc.AgentBlockingStub stub, StreamTelemetryRequest request, int n) {
        List<TelemetryBatch> taken = new ArrayList<>();
        try (Context.CancellableContext call = Context.current().withCancellation()) {
            call.run(() -> {
                Iterator<TelemetryBatch> stream = stub.streamTelemetry(request);
                while (taken.size() < n) {
                    taken.add(stream.next());
                }
            });
        }
        return taken;
    }
}

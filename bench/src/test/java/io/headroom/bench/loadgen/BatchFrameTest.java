package io.headroom.bench.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.simulator.FleetShape;
import io.headroom.protocol.v1.TelemetryBatch;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stream's frame: its own epoch, sequence and server time before a recorded payload, as one batch. */
class BatchFrameTest {

    /** An afternoon in March 2025, when the simulated jobs leave some GPUs idle. */
    private static final long AFTERNOON = 1_741_752_000_000L + 14 * 3_600_000L;

    private static final String EPOCH = "0b0e7f52-2f3c-4bd0-9d56-1f3c3b1e4a90";

    private final RecordedAgent agent =
            new SimulatorRecorder(32, 1, AFTERNOON).recordAgent("agent-1", FleetShape.forGpus(512), 43, "sim1-");

    @Test
    void framesParseAsBatchesWithContiguousSequencesAndTheRecordedPayload() throws Exception {
        var frame = new BatchFrame(EPOCH);
        long sequence = 126; // past 127 the sequence's varint grows a byte: the header is re-framed, not patched
        for (int round = 0; round < 2; round++) {
            for (RecordedBatch batch : agent.batches()) {
                TelemetryBatch recorded = TelemetryBatch.parseFrom(batch.payload());
                long time = AFTERNOON + 1000L * round;

                TelemetryBatch sent = TelemetryBatch.parseFrom(viaDrain(frame.of(batch.payload(), sequence, time)));

                assertThat(sent.getEpoch()).isEqualTo(EPOCH);
                assertThat(sent.getSequence()).isEqualTo(sequence);
                assertThat(sent.getServerTimeMs()).isEqualTo(time);
                assertThat(sent.toBuilder()
                                .clearEpoch()
                                .clearSequence()
                                .clearServerTimeMs()
                                .build())
                        .isEqualTo(recorded);
                sequence++;
            }
        }
        assertThat(sequence).isEqualTo(126 + 2L * agent.batches().size());
    }

    @Test
    void readingInSmallPiecesGivesTheSameBytesAsDraining() throws Exception {
        var frame = new BatchFrame(EPOCH);
        byte[] payload = agent.batches().getFirst().payload();

        byte[] drained = viaDrain(frame.of(payload, 300, AFTERNOON));
        frame.of(payload, 300, AFTERNOON);
        assertThat(frame.available()).isEqualTo(drained.length);
        var read = new ByteArrayOutputStream();
        byte[] piece = new byte[7];
        for (int n; (n = frame.read(piece, 0, piece.length)) > 0; ) {
            read.write(piece, 0, n);
        }

        assertThat(read.toByteArray()).isEqualTo(drained);
        assertThat(frame.read()).isEqualTo(-1);
    }

    @Test
    void aSavedRecordingReadsBackWithTheSameBatchesAndTimeOffsets(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("recording.bin");
        RecordingFile.write(file, List.of(agent));

        RecordedAgent read = RecordingFile.read(file).getFirst();

        assertThat(read.name()).isEqualTo("agent-1");
        assertThat(read.inventory()).isEqualTo(agent.inventory());
        assertThat(read.rounds()).isEqualTo(1);
        assertThat(read.batches()).hasSameSizeAs(agent.batches());
        for (int i = 0; i < read.batches().size(); i++) {
            read.batches().get(i).stamp(AFTERNOON + 60_000);
            agent.batches().get(i).stamp(AFTERNOON + 60_000);
            assertThat(read.batches().get(i).payload())
                    .isEqualTo(agent.batches().get(i).payload());
        }
    }

    private static byte[] viaDrain(BatchFrame frame) throws java.io.IOException {
        var out = new ByteArrayOutputStream();
        int drained = frame.drainTo(out);
        assertThat(drained).isEqualTo(out.size());
        return out.toByteArray();
    }
}

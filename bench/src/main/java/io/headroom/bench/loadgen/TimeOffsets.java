package io.headroom.bench.loadgen;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.headroom.protocol.v1.AcceleratorSample;
import io.headroom.protocol.v1.NodeSample;
import io.headroom.protocol.v1.RackSample;
import io.headroom.protocol.v1.TelemetryBatch;
import java.io.IOException;
import java.util.Arrays;

/**
 * Finds, once, where the times lie in a serialized batch: each node's and rack's
 * {@code time_ms} and each accelerator's non-zero {@code idle_since_ms}. Walks the wire format
 * with {@link CodedInputStream} and notes byte offsets; nothing is built.
 */
final class TimeOffsets {

    private int[] sampleTimes = new int[64];
    private int sampleTimeCount;
    private int[] idleTimes = new int[256];
    private long[] idleAges = new long[256];
    private int idleCount;
    private int samples;

    private TimeOffsets() {}

    /**
     * The recorded batch for {@code payload}, which must hold neither epoch, sequence nor server
     * time (the replayer frames those) and whose times must all be {@value MillisVarint#LENGTH}-byte varints.
     */
    static RecordedBatch scan(byte[] payload) {
        var found = new TimeOffsets();
        try {
            found.batch(CodedInputStream.newInstance(payload));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a serialized telemetry batch: " + e.getMessage(), e);
        }
        return new RecordedBatch(
                payload,
                found.samples,
                Arrays.copyOf(found.sampleTimes, found.sampleTimeCount),
                Arrays.copyOf(found.idleTimes, found.idleCount),
                Arrays.copyOf(found.idleAges, found.idleCount));
    }

    private void batch(CodedInputStream in) throws IOException {
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case TelemetryBatch.EPOCH_FIELD_NUMBER,
                        TelemetryBatch.SEQUENCE_FIELD_NUMBER,
                        TelemetryBatch.SERVER_TIME_MS_FIELD_NUMBER ->
                    throw new IllegalArgumentException("a recorded batch must leave epoch, sequence and server time "
                            + "to the replayer; found field " + WireFormat.getTagFieldNumber(tag));
                case TelemetryBatch.NODES_FIELD_NUMBER -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    node(in);
                    in.popLimit(limit);
                }
                case TelemetryBatch.RACKS_FIELD_NUMBER -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    rack(in);
                    in.popLimit(limit);
                }
                default -> in.skipField(tag);
            }
        }
    }

    private void node(CodedInputStream in) throws IOException {
        long nodeTime = 0;
        int firstIdle = idleCount;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case NodeSample.TIME_MS_FIELD_NUMBER -> nodeTime = time(in, "node time_ms");
                case NodeSample.ACCELERATORS_FIELD_NUMBER -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    accelerator(in);
                    in.popLimit(limit);
                    samples++;
                }
                default -> in.skipField(tag);
            }
        }
        // The idle fields noted their time; their age is measured from the node's time.
        for (int i = firstIdle; i < idleCount; i++) {
            idleAges[i] = nodeTime - idleAges[i];
        }
    }

    private void accelerator(CodedInputStream in) throws IOException {
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == AcceleratorSample.IDLE_SINCE_MS_FIELD_NUMBER) {
                int offset = in.getTotalBytesRead();
                long idleSince = in.readInt64();
                if (idleSince != 0) {
                    checkLength(in, offset, "idle_since_ms " + idleSince);
                    if (idleCount == idleTimes.length) {
                        idleTimes = Arrays.copyOf(idleTimes, idleCount * 2);
                        idleAges = Arrays.copyOf(idleAges, idleCount * 2);
                    }
                    idleTimes[idleCount] = offset;
                    idleAges[idleCount] = idleSince; // the time for now; node() turns it into an age
                    idleCount++;
                }
            } else {
                in.skipField(tag);
            }
        }
    }

    private void rack(CodedInputStream in) throws IOException {
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == RackSample.TIME_MS_FIELD_NUMBER) {
                time(in, "rack time_ms");
            } else {
                in.skipField(tag);
            }
        }
    }

    /** Reads a sample time and notes where it lies. */
    private long time(CodedInputStream in, String what) throws IOException {
        int offset = in.getTotalBytesRead();
        long millis = in.readInt64();
        checkLength(in, offset, what + " " + millis);
        if (sampleTimeCount == sampleTimes.length) {
            sampleTimes = Arrays.copyOf(sampleTimes, sampleTimeCount * 2);
        }
        sampleTimes[sampleTimeCount++] = offset;
        return millis;
    }

    private static void checkLength(CodedInputStream in, int offset, String what) {
        int length = in.getTotalBytesRead() - offset;
        if (length != MillisVarint.LENGTH) {
            throw new IllegalArgumentException(what + " at byte " + offset + " is a " + length
                    + "-byte varint; only times from 1971 to 2109 (" + MillisVarint.LENGTH
                    + " bytes) can be replaced in place");
        }
    }
}

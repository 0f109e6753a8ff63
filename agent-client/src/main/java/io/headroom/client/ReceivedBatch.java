package io.headroom.client;

import com.google.protobuf.InvalidProtocolBufferException;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.wire.BatchCoverage;
import io.headroom.wire.BatchHeader;
import io.headroom.wire.MalformedTelemetryException;

/**
 * One telemetry batch as it came off the stream: its bytes, its header fields, and a message
 * parsed only for whoever asks for one (nobody on the telemetry path does: the fleet state is
 * written from the bytes and a relay forwards them).
 */
public final class ReceivedBatch {

    private final byte[] bytes;
    private final BatchHeader header;
    private final long receivedMicros;
    private TelemetryBatch message;
    private BatchCoverage coverage;

    /** @param receivedMicros when the bytes came off the stream, µs since the epoch */
    public ReceivedBatch(byte[] bytes, BatchHeader header, long receivedMicros) {
        this.bytes = bytes;
        this.header = header;
        this.receivedMicros = receivedMicros;
    }

    /** The batch's bytes as received; not to be changed. */
    public byte[] bytes() {
        return bytes;
    }

    public BatchHeader header() {
        return header;
    }

    /** When the bytes came off the stream, µs since the epoch by the client's clock. */
    public long receivedMicros() {
        return receivedMicros;
    }

    /**
     * The nodes and racks the batch covers and its accelerator samples, read from its bytes on
     * first call (one walk that skips the accelerators).
     *
     * @throws MalformedTelemetryException when its node or rack samples are not whole
     */
    public synchronized BatchCoverage coverage() {
        if (coverage == null) {
            coverage = BatchCoverage.of(bytes);
        }
        return coverage;
    }

    /**
     * The batch as a message, parsed on first call: costly, for tests and tools.
     *
     * @throws MalformedTelemetryException when protobuf refuses what the byte readers took
     *     (a hostname that is not UTF-8)
     */
    public synchronized TelemetryBatch message() {
        if (message == null) {
            try {
                message = TelemetryBatch.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                throw new MalformedTelemetryException("the telemetry batch does not parse: " + e.getMessage());
            }
        }
        return message;
    }
}

package io.headroom.bench.loadgen;

import com.google.protobuf.CodedOutputStream;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.headroom.protocol.v1.TelemetryBatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One stream's next message on the wire: a few header bytes of its own (epoch, sequence, server
 * time) followed by a recorded batch's payload as it is. Protobuf reads a message's fields in
 * any order, so the two together parse as one {@link TelemetryBatch}; nothing is re-encoded.
 * One frame per stream, reused for every batch: gRPC copies it into its buffers before
 * {@code onNext} returns, and the stream has one writer.
 */
final class BatchFrame extends InputStream implements KnownLength, Drainable {

    private final byte[] header;
    private final int epochLength;
    private int headerLength;
    private byte[] payload = new byte[0];
    private int position;

    BatchFrame(String epoch) {
        byte[] epochBytes = epoch.getBytes(StandardCharsets.UTF_8);
        // tag + length + epoch, then at most 1 + 10 bytes each for sequence and server time
        header = new byte
                [CodedOutputStream.computeBytesSize(
                                TelemetryBatch.EPOCH_FIELD_NUMBER, com.google.protobuf.ByteString.copyFrom(epochBytes))
                        + 2 * (1 + 10)];
        try {
            var out = CodedOutputStream.newInstance(header);
            out.writeByteArray(TelemetryBatch.EPOCH_FIELD_NUMBER, epochBytes);
            epochLength = out.getTotalBytesWritten();
        } catch (IOException e) {
            throw new IllegalStateException("the header buffer was sized for the epoch", e);
        }
    }

    /** Makes this frame the batch {@code payload} with this stream's {@code sequence} and {@code serverTimeMillis}. */
    BatchFrame of(byte[] payload, long sequence, long serverTimeMillis) {
        var out = CodedOutputStream.newInstance(header, epochLength, header.length - epochLength);
        try {
            out.writeUInt64(TelemetryBatch.SEQUENCE_FIELD_NUMBER, sequence);
            out.writeInt64(TelemetryBatch.SERVER_TIME_MS_FIELD_NUMBER, serverTimeMillis);
        } catch (IOException e) {
            throw new IllegalStateException("the header buffer was sized for two varints", e);
        }
        headerLength = epochLength + out.getTotalBytesWritten();
        this.payload = payload;
        position = 0;
        return this;
    }

    int length() {
        return headerLength + payload.length;
    }

    @Override
    public int available() {
        return length() - position;
    }

    @Override
    public int read() {
        if (position >= length()) {
            return -1;
        }
        int b = position < headerLength ? header[position] : payload[position - headerLength];
        position++;
        return b & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (position >= length()) {
            return -1;
        }
        int copied = 0;
        if (position < headerLength) {
            int n = Math.min(length, headerLength - position);
            System.arraycopy(header, position, into, offset, n);
            position += n;
            copied = n;
        }
        if (copied < length && position >= headerLength) {
            int n = Math.min(length - copied, length() - position);
            System.arraycopy(payload, position - headerLength, into, offset + copied, n);
            position += n;
            copied += n;
        }
        return copied;
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
        int rest = available();
        if (position < headerLength) {
            target.write(header, position, headerLength - position);
            target.write(payload, 0, payload.length);
        } else {
            target.write(payload, position - headerLength, length() - position);
        }
        position = length();
        return rest;
    }
}

package io.headroom.wire;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.StreamTelemetryRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * StreamTelemetry with its responses as bytes: the same method on the wire (name, request,
 * bytes), but the batches are handed over as received and sent as held, never parsed into or
 * built from message objects on the way. Clients decode them with {@link TelemetryDecoder};
 * servers send what their replay ring holds; relays pass them on.
 */
public final class BatchBytesMethod {

    private BatchBytesMethod() {}

    /** Serialized {@code TelemetryBatch} messages, one per array. */
    public static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new HeldBytes(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                if (stream instanceof KnownLength) {
                    int size = stream.available();
                    byte[] bytes = new byte[size];
                    int read = stream.readNBytes(bytes, 0, size);
                    if (read == size && stream.read() < 0) {
                        return bytes;
                    }
                    throw new IOException("the message was not as long as announced");
                }
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** StreamTelemetry, its responses as bytes. */
    public static final MethodDescriptor<StreamTelemetryRequest, byte[]> STREAM_TELEMETRY =
            AgentGrpc.getStreamTelemetryMethod().toBuilder(
                            AgentGrpc.getStreamTelemetryMethod().getRequestMarshaller(), BYTES)
                    .build();

    /** Lets the transport copy the array straight into its buffers, knowing the length up front. */
    private static final class HeldBytes extends ByteArrayInputStream implements KnownLength, Drainable {
        HeldBytes(byte[] bytes) {
            super(bytes);
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int length = count - pos;
            target.write(buf, pos, length);
            pos = count;
            return length;
        }
    }
}

package io.headroom.agent.badinput;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The agent's methods with bytes for messages, so a test can send what no generated stub would. */
final class RawCalls {

    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private RawCalls() {}

    /** The channel, each call naming itself {@code caller} in its metadata: a name the agent records, never what its rate limit counts by. */
    static io.grpc.Channel as(String caller, io.grpc.Channel channel) {
        var headers = new io.grpc.Metadata();
        headers.put(io.headroom.agent.server.CallerKey.CALLER, caller);
        return io.grpc.ClientInterceptors.intercept(
                channel, io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    static MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> method) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(method.getType())
                .setFullMethodName(method.getFullMethodName())
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
    }
}

package io.headroom.bench.loadgen;

import io.grpc.MethodDescriptor;
import java.io.InputStream;

/** Sends a {@link BatchFrame} as the bytes it holds; the replayer never receives one. */
final class FrameMarshaller implements MethodDescriptor.Marshaller<BatchFrame> {

    @Override
    public InputStream stream(BatchFrame frame) {
        return frame;
    }

    @Override
    public BatchFrame parse(InputStream stream) {
        throw new UnsupportedOperationException("the replayer only sends telemetry batches");
    }
}

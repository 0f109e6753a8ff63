package io.headroom.wire;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;

/**
 * Each node sample's time and accelerator count, read from a serialized batch without reading
 * its accelerators (they are skipped by length): what a benchmark times. A batch's sample count
 * is {@link BatchCoverage}'s.
 */
public final class BatchNodes {

    private BatchNodes() {}

    /** Told of each node sample of a batch, in order. */
    @FunctionalInterface
    public interface Visitor {
        void node(long timeMs, int accelerators);
    }

    /**
     * Visits every node sample.
     *
     * @throws MalformedTelemetryException when the bytes are not a batch
     */
    public static void visit(byte[] bytes, Visitor visitor) {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        try {
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (tag != BatchFields.NODES) {
                    BatchFields.skip(in, tag);
                    continue;
                }
                int outer = in.pushLimit(in.readRawVarint32());
                long time = 0;
                int accelerators = 0;
                int field;
                while ((field = in.readTag()) != 0) {
                    if (field == BatchFields.NODE_TIME) {
                        time = in.readInt64();
                    } else {
                        if (field == BatchFields.NODE_ACCELERATORS) {
                            accelerators++;
                        }
                        BatchFields.skip(in, field);
                    }
                }
                in.popLimit(outer);
                visitor.node(time, accelerators);
            }
        } catch (IOException e) {
            throw BatchFields.malformed(e, in, bytes.length);
        }
    }
}

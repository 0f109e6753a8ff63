package io.headroom.wire;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;

/**
 * What a batch has samples of, read from its bytes in one walk that skips the accelerators by
 * length: the nodes (by hostname) and racks (by id) it covers, in order, as a 64-bit key, and
 * its accelerator samples. Two batches with the same key cover the same nodes and racks, so the
 * newer one's samples replace every one of the older's: a relay that writes its own state later
 * need write only the newer ({@code DeferredStateWrites} in the client).
 *
 * @param key          a hash of the hostnames and rack ids in order; equal for equal coverage,
 *                     and for different coverage only by a 64-bit chance
 * @param accelerators accelerator samples (GPUs and slices), known to a layout or not
 */
public record BatchCoverage(long key, int accelerators) {

    /**
     * @throws MalformedTelemetryException when the bytes are not a batch
     */
    public static BatchCoverage of(byte[] bytes) {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        long key = 0x9E3779B97F4A7C15L;
        int accelerators = 0;
        try {
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (tag == BatchFields.NODES) {
                    int outer = in.pushLimit(in.readRawVarint32());
                    long host = 1;
                    int field;
                    while ((field = in.readTag()) != 0) {
                        if (field == BatchFields.NODE_HOSTNAME) {
                            host = hashOfString(in, bytes, 1);
                        } else {
                            if (field == BatchFields.NODE_ACCELERATORS) {
                                accelerators++;
                            }
                            BatchFields.skip(in, field);
                        }
                    }
                    in.popLimit(outer);
                    key = mix(key ^ host);
                } else if (tag == BatchFields.RACKS) {
                    int outer = in.pushLimit(in.readRawVarint32());
                    long rack = 2;
                    int field;
                    while ((field = in.readTag()) != 0) {
                        if (field == BatchFields.RACK_ID) {
                            rack = hashOfString(in, bytes, 2);
                        } else {
                            BatchFields.skip(in, field);
                        }
                    }
                    in.popLimit(outer);
                    key = mix(key ^ rack);
                } else {
                    BatchFields.skip(in, tag);
                }
            }
        } catch (IOException e) {
            throw BatchFields.malformed(e, in, bytes.length);
        }
        return new BatchCoverage(key, accelerators);
    }

    /**
     * FNV-1a over a string field's bytes where they lie in the batch (no copy), from a seed per
     * kind so that a node and a rack of the same name differ.
     */
    private static long hashOfString(CodedInputStream in, byte[] bytes, long seed) throws IOException {
        int length = in.readRawVarint32();
        int start = in.getTotalBytesRead();
        in.skipRawBytes(length); // checks the length against the bytes left
        long h = 0xCBF29CE484222325L ^ seed;
        for (int i = start; i < start + length; i++) {
            h = (h ^ (bytes[i] & 0xFF)) * 0x100000001B3L;
        }
        return h;
    }

    /** splitmix64's finaliser: every bit of the input moves every bit of the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

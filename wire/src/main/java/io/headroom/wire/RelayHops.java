package io.headroom.wire;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The relays a batch came through, the nearest the agent first: when each received it and when
 * it forwarded it, in microseconds since the epoch by that relay's clock. Read from a batch's
 * {@code relay_hops} by {@link BatchHeader}; a relay appends its own with {@link ForwardedBatch}.
 */
public final class RelayHops {

    /** A batch straight from an agent. */
    public static final RelayHops NONE = new RelayHops(new long[0], 0);

    /** Received and forwarded times, in pairs. */
    private final long[] micros;

    private final int count;

    private RelayHops(long[] micros, int count) {
        this.micros = micros;
        this.count = count;
    }

    /** Relays the batch came through. */
    public int count() {
        return count;
    }

    /** When relay {@code hop} (0 is the nearest the agent) received the batch, µs since the epoch. */
    public long receivedMicros(int hop) {
        return micros[2 * checked(hop)];
    }

    /** When relay {@code hop} forwarded the batch, µs since the epoch. */
    public long forwardedMicros(int hop) {
        return micros[2 * checked(hop) + 1];
    }

    private int checked(int hop) {
        if (hop < 0 || hop >= count) {
            throw new IndexOutOfBoundsException("hop " + hop + " of " + count);
        }
        return hop;
    }

    /** These hops and one more after them. */
    RelayHops with(long receivedMicros, long forwardedMicros) {
        long[] more = Arrays.copyOf(micros, 2 * count + 2);
        more[2 * count] = receivedMicros;
        more[2 * count + 1] = forwardedMicros;
        return new RelayHops(more, count + 1);
    }

    /** Hops read one after another from a batch's bytes: the array grows by doubling. */
    static final class Reading {
        private long[] micros = new long[4];
        private int count;

        /** Reads one {@code RelayHop} message, its length not yet read. */
        void read(CodedInputStream in) throws IOException {
            int limit = in.pushLimit(in.readRawVarint32());
            long received = 0;
            long forwarded = 0;
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (tag) {
                    case BatchFields.HOP_RECEIVED -> received = in.readInt64();
                    case BatchFields.HOP_FORWARDED -> forwarded = in.readInt64();
                    default -> BatchFields.skip(in, tag);
                }
            }
            in.popLimit(limit);
            if (2 * count + 2 > micros.length) {
                micros = Arrays.copyOf(micros, 2 * micros.length);
            }
            micros[2 * count] = received;
            micros[2 * count + 1] = forwarded;
            count++;
        }

        RelayHops done() {
            return count == 0 ? NONE : new RelayHops(micros, count);
        }
    }

    /** The bytes of one more {@code relay_hops} entry, field tag included, as a relay appends it. */
    static int sizeOfOne(long receivedMicros, long forwardedMicros) {
        int body = bodySize(receivedMicros, forwardedMicros);
        return CodedOutputStream.computeTagSize(12) + CodedOutputStream.computeUInt32SizeNoTag(body) + body;
    }

    static void writeOne(CodedOutputStream out, long receivedMicros, long forwardedMicros) throws IOException {
        out.writeTag(12, 2);
        out.writeUInt32NoTag(bodySize(receivedMicros, forwardedMicros));
        if (receivedMicros != 0) {
            out.writeInt64(1, receivedMicros);
        }
        if (forwardedMicros != 0) {
            out.writeInt64(2, forwardedMicros);
        }
    }

    private static int bodySize(long receivedMicros, long forwardedMicros) {
        return (receivedMicros == 0 ? 0 : CodedOutputStream.computeInt64Size(1, receivedMicros))
                + (forwardedMicros == 0 ? 0 : CodedOutputStream.computeInt64Size(2, forwardedMicros));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RelayHops hops
                && hops.count == count
                && Arrays.equals(hops.micros, 0, 2 * count, micros, 0, 2 * count);
    }

    @Override
    public int hashCode() {
        int hash = count;
        for (int i = 0; i < 2 * count; i++) {
            hash = 31 * hash + Long.hashCode(micros[i]);
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("RelayHops[");
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : ", ")
                    .append(receivedMicros(i))
                    .append("->")
                    .append(forwardedMicros(i));
        }
        return text.append(']').toString();
    }
}

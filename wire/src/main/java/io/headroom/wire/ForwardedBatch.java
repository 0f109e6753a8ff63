package io.headroom.wire;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.headroom.protocol.v1.WorkloadChanges;
import java.io.IOException;
import java.util.Arrays;

/**
 * A relay's copy of an upstream batch, made at the byte level: the upstream's samples (nodes,
 * racks), its server time and any field this code does not know are copied as they came, in runs,
 * without being parsed; the upstream's own stream fields (epoch, sequence, inventory and workload
 * versions, workload changes, snapshot, missed and coalesced counts) are dropped, and the relay's
 * inventory and workload fields are appended, and the relay's hop (when it received the batch, when
 * it forwarded it) after the upstream's own hops. The relay's epoch and sequence are added by its
 * hub when it numbers the batch. No field appears twice, so the result is what protobuf would
 * serialize for the same message, up to the order of fields.
 */
public final class ForwardedBatch {

    private ForwardedBatch() {}

    /**
     * @param upstream         the bytes as received
     * @param inventoryVersion the relay's own inventory version
     * @param workloadVersion  the relay's workload version after this batch
     * @param changes          the relay's workload changes since the batch before it; null for none
     * @param receivedMicros   when this relay had the upstream bytes, µs since the epoch
     * @param forwardedMicros  now, µs since the epoch
     * @throws MalformedTelemetryException when the upstream bytes are not a batch
     */
    public static byte[] body(
            byte[] upstream,
            long inventoryVersion,
            long workloadVersion,
            WorkloadChanges changes,
            long receivedMicros,
            long forwardedMicros) {
        int[] runs = new int[8]; // start, end pairs of the bytes kept
        int count = 0;
        int kept = 0;
        CodedInputStream in = CodedInputStream.newInstance(upstream);
        try {
            int start = 0;
            int tag;
            while ((tag = in.readTag()) != 0) {
                BatchFields.skip(in, tag);
                int end = in.getTotalBytesRead();
                if (keeps(tag >>> 3)) {
                    if (count > 0 && runs[count - 1] == start) {
                        runs[count - 1] = end; // extends the run before it
                    } else {
                        if (count == runs.length) {
                            runs = Arrays.copyOf(runs, count * 2);
                        }
                        runs[count++] = start;
                        runs[count++] = end;
                    }
                    kept += end - start;
                }
                start = end;
            }
        } catch (IOException e) {
            throw BatchFields.malformed(e, in, upstream.length);
        }
        int own = (inventoryVersion == 0 ? 0 : CodedOutputStream.computeUInt64Size(4, inventoryVersion))
                + (workloadVersion == 0 ? 0 : CodedOutputStream.computeUInt64Size(10, workloadVersion))
                + (changes == null ? 0 : CodedOutputStream.computeMessageSize(11, changes))
                + RelayHops.sizeOfOne(receivedMicros, forwardedMicros);
        byte[] out = new byte[kept + own];
        int at = 0;
        for (int i = 0; i < count; i += 2) {
            System.arraycopy(upstream, runs[i], out, at, runs[i + 1] - runs[i]);
            at += runs[i + 1] - runs[i];
        }
        CodedOutputStream tail = CodedOutputStream.newInstance(out, at, own);
        try {
            if (inventoryVersion != 0) {
                tail.writeUInt64(4, inventoryVersion);
            }
            if (workloadVersion != 0) {
                tail.writeUInt64(10, workloadVersion);
            }
            if (changes != null) {
                tail.writeMessage(11, changes);
            }
            RelayHops.writeOne(tail, receivedMicros, forwardedMicros);
            tail.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("sized the relay's own fields wrong", e);
        }
        return out;
    }

    /**
     * Fields copied from upstream: server time (3), nodes (5), racks (6), the relays before this
     * one (12) and any this code does not know (a newer sender's). The others are the upstream's
     * stream bookkeeping.
     */
    private static boolean keeps(int field) {
        return switch (field) {
            case 1, 2, 4, 7, 8, 9, 10, 11 -> false;
            default -> true;
        };
    }
}

package io.headroom.client.history;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.headroom.core.history.GroupKind;
import io.headroom.core.history.GroupPeriod;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A grouped GetHistory chunk, as received, read straight into the core's {@link GroupPeriod}
 * records with {@code CodedInputStream}: no {@code HistoryRow} message, builder or list is made
 * on the way (a month of 100,000 GPUs is some 700,000 group rows). Fields this reader does not
 * use (hostname, energy, peak, gaps) are skipped; a field of a newer protocol too. The protocol's
 * field numbers are {@code agent.proto}'s {@code HistoryChunk} and {@code HistoryRow}.
 */
final class GroupChunkReader {

    private static final int CHUNK_ROWS = 4;

    private static final int PERIOD_START_MS = 1;
    private static final int KEY = 2;
    private static final int ACCELERATORS = 5;
    private static final int BUSY_S = 6;
    private static final int HELD_IDLE_S = 7;
    private static final int FREE_IDLE_S = 8;
    private static final int DRAINED_S = 9;
    private static final int FAULTED_S = 10;
    private static final int UNKNOWN_S = 11;
    private static final int UNCOVERED_S = 12;
    private static final int MEAN_UTILIZATION_PCT = 13;
    private static final int MEAN_POWER_W = 14;
    private static final int MAX_TEMP_C = 16;

    /** One chunk's rows in the order they came, each with its period's start. */
    record Rows(long[] periodStarts, List<GroupPeriod> rows) {
        static final Rows NONE = new Rows(new long[0], List.of());

        int size() {
            return rows.size();
        }
    }

    private GroupChunkReader() {}

    /**
     * @throws StatusRuntimeException (INTERNAL) naming what could not be read, as gRPC says of a
     *     message it cannot parse: the backfill stops there and resumes on the next connect
     */
    static Rows read(byte[] chunk, GroupKind kind) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(chunk);
            long[] starts = new long[16];
            List<GroupPeriod> rows = new ArrayList<>();
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (WireFormat.getTagFieldNumber(tag) == CHUNK_ROWS
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    if (rows.size() == starts.length) {
                        starts = java.util.Arrays.copyOf(starts, starts.length * 2);
                    }
                    starts[rows.size()] = readRow(in, kind, rows);
                    in.popLimit(limit);
                } else {
                    in.skipField(tag);
                }
            }
            return new Rows(java.util.Arrays.copyOf(starts, rows.size()), rows);
        } catch (IOException e) {
            throw Status.INTERNAL
                    .withDescription(
                            "a history chunk of " + chunk.length + " bytes could not be read: " + e.getMessage())
                    .withCause(e)
                    .asRuntimeException();
        }
    }

    /** Reads one row into {@code rows}; returns its period's start. */
    private static long readRow(CodedInputStream in, GroupKind kind, List<GroupPeriod> rows) throws IOException {
        long start = 0;
        String key = "";
        int accelerators = 0;
        long busy = 0;
        long held = 0;
        long free = 0;
        long drained = 0;
        long faulted = 0;
        long unknown = 0;
        long uncovered = 0;
        float utilization = Float.NaN;
        float power = Float.NaN;
        float maxTemp = Float.NaN;
        int tag;
        while ((tag = in.readTag()) != 0) {
            int field = WireFormat.getTagFieldNumber(tag);
            int type = WireFormat.getTagWireType(tag);
            boolean varint = type == WireFormat.WIRETYPE_VARINT;
            boolean fixed32 = type == WireFormat.WIRETYPE_FIXED32;
            switch (field) {
                case PERIOD_START_MS -> start = varint ? in.readInt64() : skip(in, tag, start);
                case KEY ->
                    key = type == WireFormat.WIRETYPE_LENGTH_DELIMITED
                            ? in.readStringRequireUtf8()
                            : skip(in, tag, key);
                case ACCELERATORS -> accelerators = varint ? in.readUInt32() : (int) skip(in, tag, accelerators);
                case BUSY_S -> busy = varint ? in.readUInt64() : skip(in, tag, busy);
                case HELD_IDLE_S -> held = varint ? in.readUInt64() : skip(in, tag, held);
                case FREE_IDLE_S -> free = varint ? in.readUInt64() : skip(in, tag, free);
                case DRAINED_S -> drained = varint ? in.readUInt64() : skip(in, tag, drained);
                case FAULTED_S -> faulted = varint ? in.readUInt64() : skip(in, tag, faulted);
                case UNKNOWN_S -> unknown = varint ? in.readUInt64() : skip(in, tag, unknown);
                case UNCOVERED_S -> uncovered = varint ? in.readUInt64() : skip(in, tag, uncovered);
                case MEAN_UTILIZATION_PCT -> utilization = fixed32 ? in.readFloat() : skip(in, tag, utilization);
                case MEAN_POWER_W -> power = fixed32 ? in.readFloat() : skip(in, tag, power);
                case MAX_TEMP_C -> maxTemp = fixed32 ? in.readFloat() : skip(in, tag, maxTemp);
                default -> in.skipField(tag);
            }
        }
        rows.add(new GroupPeriod(
                kind,
                key,
                accelerators,
                busy,
                held,
                free,
                drained,
                faulted,
                unknown,
                uncovered,
                utilization,
                power,
                maxTemp));
        return start;
    }

    /** A known field in a form it never has (a sender's bug): skipped, the value kept as it was. */
    private static <T> T skip(CodedInputStream in, int tag, T kept) throws IOException {
        if (!in.skipField(tag)) {
            throw new InvalidProtocolBufferException("an end-group tag inside a history row");
        }
        return kept;
    }

    private static long skip(CodedInputStream in, int tag, long kept) throws IOException {
        return skip(in, tag, Long.valueOf(kept));
    }

    private static float skip(CodedInputStream in, int tag, float kept) throws IOException {
        return skip(in, tag, Float.valueOf(kept));
    }
}

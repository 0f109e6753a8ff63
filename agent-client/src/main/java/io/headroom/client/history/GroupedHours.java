package io.headroom.client.history;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.headroom.core.history.GroupKind;
import io.headroom.core.history.GroupPeriod;
import io.headroom.core.history.HistoryArchive;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryGrouping;
import io.headroom.protocol.v1.HistoryResolution;
import io.headroom.wire.BatchBytesMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A run of hours asked as group rows: one GetHistory call per grouping (hall, rack, pool,
 * tenant), all four open at once and read in step, hour by hour, so each hour is handed on whole
 * (every grouping's rows) as soon as its rows are in, and no more than a few chunks of each call are
 * held. A relay adds up the rows of one group from its upstreams, so these are a few thousand
 * rows an hour however many GPUs stand behind it.
 */
final class GroupedHours {

    /** Receives one whole hour. */
    interface HourSink {
        void hour(long hour, List<GroupPeriod> rows) throws HistoryArchive.ArchiveException, InterruptedException;
    }

    private static final Map<GroupKind, HistoryGrouping> GROUPINGS = new EnumMap<>(Map.of(
            GroupKind.HALL, HistoryGrouping.HISTORY_GROUPING_HALL,
            GroupKind.RACK, HistoryGrouping.HISTORY_GROUPING_RACK,
            GroupKind.POOL, HistoryGrouping.HISTORY_GROUPING_POOL,
            GroupKind.TENANT, HistoryGrouping.HISTORY_GROUPING_TENANT));

    /** GetHistory with its chunks as received, read by {@link GroupChunkReader} without message objects. */
    private static final MethodDescriptor<GetHistoryRequest, byte[]> CHUNK_BYTES =
            AgentGrpc.getGetHistoryMethod().toBuilder(
                            AgentGrpc.getGetHistoryMethod().getRequestMarshaller(), BatchBytesMethod.BYTES)
                    .build();

    /** Chunks of each call asked for ahead of the one being read: four calls, a few MiB in all. */
    private static final int CHUNKS_AHEAD = 4;

    private final Duration deadline;
    private final String clientId;
    private final AtomicLong bytesReceived;

    GroupedHours(Duration deadline, String clientId, AtomicLong bytesReceived) {
        this.deadline = deadline;
        this.clientId = clientId;
        this.bytesReceived = bytesReceived;
    }

    /** Asks for the hours [fromHour, toHour) and hands each on in order, empty when no source row had it. */
    void ask(Channel channel, long fromHour, long toHour, HourSink sink)
            throws HistoryArchive.ArchiveException, InterruptedException {
        // Every call of the run ends with it, also when the store fails part-way.
        Context.CancellableContext scope = Context.current().withCancellation();
        Context previous = scope.attach();
        try {
            askInScope(channel, fromHour, toHour, sink);
        } finally {
            scope.detach(previous);
            scope.cancel(null);
        }
    }

    private void askInScope(Channel channel, long fromHour, long toHour, HourSink sink)
            throws HistoryArchive.ArchiveException, InterruptedException {
        long hourMs = 3_600_000L;
        List<Rows> calls = new ArrayList<>();
        for (var grouping : GROUPINGS.entrySet()) {
            var request = GetHistoryRequest.newBuilder()
                    .setFromMs(fromHour * hourMs)
                    .setToMs(toHour * hourMs)
                    .setResolution(HistoryResolution.HISTORY_RESOLUTION_HOUR)
                    .setGrouping(grouping.getValue())
                    .setClientId(clientId)
                    .build();
            // A few chunks of each call in flight, so the relays keep streaming while this thread writes.
            var chunks = new ChunksAhead(CHUNKS_AHEAD);
            ClientCalls.asyncServerStreamingCall(
                    channel.newCall(
                            CHUNK_BYTES,
                            CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)),
                    request,
                    chunks);
            calls.add(new Rows(grouping.getKey(), chunks));
        }
        for (long hour = fromHour; hour < toHour; hour++) {
            List<GroupPeriod> rows = new ArrayList<>();
            for (Rows call : calls) {
                call.takeHour(hour, hourMs, rows);
            }
            sink.hour(hour, rows);
        }
        for (Rows call : calls) {
            call.drain(); // to the final chunk, so no call is left half read
        }
    }

    /** One call's rows, one at a time, with a look at the next. */
    private final class Rows {
        private final GroupKind kind;
        private final Iterator<byte[]> chunks;
        private GroupChunkReader.Rows chunk = GroupChunkReader.Rows.NONE;
        private int next;

        Rows(GroupKind kind, Iterator<byte[]> chunks) {
            this.kind = kind;
            this.chunks = chunks;
        }

        /** Whether a row is left; {@link #next} is then its index in {@link #chunk}. */
        private boolean more() {
            while (next >= chunk.size()) {
                if (!chunks.hasNext()) {
                    return false;
                }
                byte[] c = chunks.next();
                bytesReceived.addAndGet(c.length);
                chunk = GroupChunkReader.read(c, kind);
                next = 0;
            }
            return true;
        }

        /** Adds the rows of {@code hour}, skipping any earlier one (not asked for: a source rounding differently). */
        void takeHour(long hour, long hourMs, List<GroupPeriod> into) {
            while (more() && Math.floorDiv(chunk.periodStarts()[next], hourMs) <= hour) {
                if (Math.floorDiv(chunk.periodStarts()[next], hourMs) == hour) {
                    into.add(chunk.rows().get(next));
                }
                next++;
            }
        }

        void drain() {
            while (more()) {
                next++;
            }
        }
    }
}

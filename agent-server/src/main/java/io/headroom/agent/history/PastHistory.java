package io.headroom.agent.history;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.headroom.core.fleet.Inventory;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryChunk;
import io.headroom.protocol.v1.HistoryGap;
import io.headroom.protocol.v1.HistoryRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GetHistory answered from an {@link AcceleratorPast}: period by period, grouped as asked and
 * streamed in chunks under the caller's flow control, on an answer thread of its own.
 */
public final class PastHistory implements FleetHistory {

    private static final Logger log = LoggerFactory.getLogger(PastHistory.class);
    /** Answers wait on disk and on the caller's flow control: a virtual thread each, never a gRPC thread. */
    private static final Executor ANSWERS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("history-answer-", 0).factory());

    private final String serverId;
    private final AcceleratorPast past;
    private final Supplier<Inventory> inventory;
    private final SharedGroupings shared = new SharedGroupings();
    private final HoursAhead ahead = new HoursAhead();

    /** @param inventory what groupings place each GPU by (its node, rack, hall, pool, model, vendor) */
    public PastHistory(String serverId, AcceleratorPast past, Supplier<Inventory> inventory) {
        this.serverId = serverId;
        this.past = past;
        this.inventory = inventory;
    }

    @Override
    public void answer(GetHistoryRequest request, ServerCallStreamObserver<HistoryChunk> observer) {
        var streamer = new ChunkStreamer(observer, serverId, request);
        ANSWERS.execute(() -> stream(request, streamer));
    }

    private void stream(GetHistoryRequest request, ChunkStreamer streamer) {
        HistoryQuery query = HistoryQuery.of(request);
        if (SharedGroupings.shares(query, request.getGrouping())) {
            streamShared(request, query, streamer);
            return;
        }
        var groups = new HistoryGroups(inventory.get());
        try (PeriodCursor cursor = past.open(query)) {
            List<AcceleratorRow> period;
            while ((period = cursor.next()) != null) {
                if (period.isEmpty()) {
                    continue;
                }
                long start = period.getFirst().row().getPeriodStartMs();
                for (HistoryRow row : groups.group(start, period, request.getGrouping())) {
                    streamer.row(row);
                }
            }
            for (HistoryGap gap : cursor.gaps()) {
                streamer.gap(gap);
            }
            streamer.finish();
        } catch (ChunkStreamer.Cancelled e) {
            log.debug("history call from {} cancelled", request.getClientId());
        } catch (IOException | RuntimeException e) {
            log.warn("history for {} could not be read: {}", request.getClientId(), e.toString());
            streamer.fail(Status.UNAVAILABLE.withDescription("history could not be read: " + e.getMessage()));
        }
    }

    /**
     * Hall, rack, pool or tenant over a short range: the past read once for all four (see {@link SharedGroupings}),
     * the hours made ahead ({@link #groupAhead}) taken as they are.
     */
    private void streamShared(GetHistoryRequest request, HistoryQuery query, ChunkStreamer streamer) {
        try {
            long from = query.fromMs();
            if (query.resolution() == io.headroom.protocol.v1.HistoryResolution.HISTORY_RESOLUTION_HOUR
                    && query.hostnames().isEmpty()) {
                List<HistoryRow> kept;
                while (from < query.toMs() && (kept = ahead.rows(from, request.getGrouping())) != null) {
                    for (HistoryRow row : kept) {
                        streamer.row(row);
                    }
                    from += HistoryQuery.HOUR_MS;
                }
            }
            if (from < query.toMs()) {
                var rest = new HistoryQuery(from, query.toMs(), query.resolution(), query.hostnames());
                SharedGroupings.Answer answer = shared.take(rest, request.getGrouping(), () -> readAll(rest));
                for (HistoryRow row : answer.rows().getOrDefault(request.getGrouping(), List.of())) {
                    streamer.row(row);
                }
                for (HistoryGap gap : answer.gaps()) {
                    streamer.gap(gap);
                }
            }
            streamer.finish();
        } catch (ChunkStreamer.Cancelled e) {
            log.debug("history call from {} cancelled", request.getClientId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            streamer.fail(Status.UNAVAILABLE.withDescription("the agent is stopping"));
        } catch (IOException | RuntimeException e) {
            log.warn("history for {} could not be read: {}", request.getClientId(), e.toString());
            streamer.fail(Status.UNAVAILABLE.withDescription("history could not be read: " + e.getMessage()));
        }
    }

    /**
     * Makes the hall, rack, pool and tenant rows of every closed hour in [fromMs, toMs) now, on the
     * caller's thread, and answers those hours from them from then on. For a past without gaps (a
     * simulator's): the hours made ahead carry none.
     *
     * @return the hours made
     */
    public int groupAhead(long fromMs, long toMs) throws IOException {
        var groups = new HistoryGroups(inventory.get());
        var query = new HistoryQuery(
                fromMs, toMs, io.headroom.protocol.v1.HistoryResolution.HISTORY_RESOLUTION_HOUR, java.util.Set.of());
        int made = 0;
        try (PeriodCursor cursor = past.open(query)) {
            List<AcceleratorRow> period;
            while ((period = cursor.next()) != null) {
                if (period.isEmpty()) {
                    continue;
                }
                long start = period.getFirst().row().getPeriodStartMs();
                ahead.put(start, groups.placesAndTenants(start, period));
                made++;
            }
        }
        return made;
    }

    private SharedGroupings.Answer readAll(HistoryQuery query) throws IOException {
        var groups = new HistoryGroups(inventory.get());
        var rows = SharedGroupings.emptyRows();
        for (var grouping : SharedGroupings.SHARED) {
            rows.put(grouping, new ArrayList<>());
        }
        try (PeriodCursor cursor = past.open(query)) {
            List<AcceleratorRow> period;
            while ((period = cursor.next()) != null) {
                if (period.isEmpty()) {
                    continue;
                }
                long start = period.getFirst().row().getPeriodStartMs();
                groups.placesAndTenants(start, period)
                        .forEach((grouping, grouped) -> rows.get(grouping).addAll(grouped));
            }
            return new SharedGroupings.Answer(rows, List.copyOf(cursor.gaps()));
        }
    }
}

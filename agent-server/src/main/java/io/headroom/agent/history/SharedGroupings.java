package io.headroom.agent.history;

import io.headroom.protocol.v1.HistoryGap;
import io.headroom.protocol.v1.HistoryGrouping;
import io.headroom.protocol.v1.HistoryRow;
import java.io.IOException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One pass over a past for the groupings a console's backfill asks together: hall, rack, pool
 * and tenant over the same hours, four calls at once. The first of them reads the past (a node's
 * files, or the simulator's model of 100,000 GPUs) once and makes all four; the others wait for
 * it and take theirs. Only short ranges (at most {@link #MOST_PERIODS} periods, small answers)
 * are shared, and for at most {@link #KEEP_MS} ms: a longer or later call reads the past itself.
 */
final class SharedGroupings {

    static final Set<HistoryGrouping> SHARED = EnumSet.of(
            HistoryGrouping.HISTORY_GROUPING_HALL,
            HistoryGrouping.HISTORY_GROUPING_RACK,
            HistoryGrouping.HISTORY_GROUPING_POOL,
            HistoryGrouping.HISTORY_GROUPING_TENANT);

    static final int MOST_PERIODS = 48;
    static final long KEEP_MS = 120_000L;

    /** Every shared grouping's rows for one query, and what the past lacked. */
    record Answer(Map<HistoryGrouping, List<HistoryRow>> rows, List<HistoryGap> gaps) {}

    /** Reads the past once and groups it every shared way. */
    interface AllGroupings {
        Answer read() throws IOException, ChunkStreamer.Cancelled;
    }

    private record Run(CompletableFuture<Answer> answer, long startedNanos, Set<HistoryGrouping> taken) {}

    private final Map<HistoryQuery, Run> runs = new ConcurrentHashMap<>();

    static boolean shares(HistoryQuery query, HistoryGrouping grouping) {
        return SHARED.contains(grouping) && (query.toMs() - query.fromMs()) / query.periodMs() <= MOST_PERIODS;
    }

    static Map<HistoryGrouping, List<HistoryRow>> emptyRows() {
        return new EnumMap<>(HistoryGrouping.class);
    }

    /** The answer for {@code query}: read now by this call, or by the call that asked first. */
    Answer take(HistoryQuery query, HistoryGrouping grouping, AllGroupings read)
            throws IOException, ChunkStreamer.Cancelled, InterruptedException {
        long now = System.nanoTime();
        runs.values().removeIf(r -> now - r.startedNanos() > TimeUnit.MILLISECONDS.toNanos(KEEP_MS));
        boolean[] mine = {false};
        Run run = runs.computeIfAbsent(query, q -> {
            mine[0] = true;
            return new Run(new CompletableFuture<>(), now, ConcurrentHashMap.newKeySet());
        });
        if (mine[0]) {
            try {
                run.answer().complete(read.read());
            } catch (IOException | ChunkStreamer.Cancelled | RuntimeException e) {
                runs.remove(query, run);
                run.answer().completeExceptionally(e);
                throw e;
            }
        }
        Answer answer;
        try {
            answer = run.answer().get();
        } catch (ExecutionException e) {
            // The reading call failed or went away: this one reads the past itself.
            return take(query, grouping, read);
        }
        run.taken().add(grouping);
        if (run.taken().containsAll(SHARED)) {
            runs.remove(query, run);
        }
        return answer;
    }
}

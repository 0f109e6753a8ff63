package io.headroom.client.history;

import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.headroom.client.ConnectedListener;
import io.headroom.core.history.AcceleratorPeriod;
import io.headroom.core.history.BackfillProgress;
import io.headroom.core.history.HistoryArchive;
import io.headroom.core.history.HistoryTier;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryChunk;
import io.headroom.protocol.v1.HistoryGrouping;
import io.headroom.protocol.v1.HistoryResolution;
import io.headroom.protocol.v1.HistoryRow;
import io.headroom.wire.AgentEndpoint;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the console's history from its agents: on every connect and reconnect it asks the
 * archive (the local store) which periods it lacks from that agent, asks the agent for those
 * only (GetHistory), newest first, and writes each period as soon as its rows are in. Hours older
 * than the per-accelerator window are asked as hall, rack, pool and tenant rows (a few thousand
 * an hour at 100,000 GPUs instead of one per GPU and slice); the open hour's minutes and the
 * window's hours per accelerator. One thread for all agents, never the FX thread; at most one period's rows held
 * at a time; a period is written and recorded in one step, so an agent or relay that goes away
 * mid-way leaves whole periods behind and the next connect asks for the rest.
 *
 * <p>Minutes are asked for the hour still open (so that it is whole when the console rolls it
 * up), hours for every closed hour of the look-back. An agent that keeps no history (an older
 * one answers UNIMPLEMENTED) is said once in the log and not asked again.
 */
public final class HistoryBackfill implements ConnectedListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HistoryBackfill.class);
    /** Hours per GetHistory call: a day, so the newest day shows first and a cut costs at most one call's work. */
    private static final int HOURS_PER_CALL = 24;

    private static final Duration CALL_DEADLINE = Duration.ofMinutes(5);
    /** How long to wait for the store to know an agent's accelerators (it writes the inventory a moment after connect). */
    private static final int INVENTORY_WAITS = 60;

    private final HistoryArchive archive;
    private final BackfillProgress progress;
    private final Duration lookBack;
    private final Duration perAccelerator;
    private final GroupedHours grouped;
    private final InstantSource clock;
    private final String clientId;
    /** A console that has just connected paints its first frames before the past is asked for. */
    private static final Duration SETTLE_AFTER_CONNECT = Duration.ofSeconds(2);

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("history-backfill").daemon().factory());
    private final Set<AgentEndpoint> queued = ConcurrentHashMap.newKeySet();
    private final Set<AgentEndpoint> withoutHistory = ConcurrentHashMap.newKeySet();
    private final Context.CancellableContext context = Context.current().withCancellation();
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicLong bytesReceived = new java.util.concurrent.atomic.AtomicLong();
    /** Hours counted done in the run now going (the one thread's own). */
    private int countedThisRun;

    /** Every hour of the look-back per GPU and MIG slice: for small fleets and tests of that path. */
    public HistoryBackfill(
            HistoryArchive archive,
            BackfillProgress progress,
            Duration lookBack,
            InstantSource clock,
            String clientId) {
        this(archive, progress, lookBack, lookBack, clock, clientId);
    }

    /**
     * @param perAccelerator how far back closed hours are asked per GPU and MIG slice; older ones
     *     are asked as hall, rack, pool and tenant rows (what Idle by hour and card-hours read)
     */
    public HistoryBackfill(
            HistoryArchive archive,
            BackfillProgress progress,
            Duration lookBack,
            Duration perAccelerator,
            InstantSource clock,
            String clientId) {
        this.archive = archive;
        this.progress = progress;
        this.lookBack = lookBack;
        this.perAccelerator = perAccelerator;
        this.clock = clock;
        this.clientId = clientId;
        this.grouped = new GroupedHours(CALL_DEADLINE, clientId, bytesReceived);
    }

    public BackfillProgress progress() {
        return progress;
    }

    /** Bytes of history received so far (the chunks' encoded size), for the benchmark's bytes per GPU-day. */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    @Override
    public void connected(AgentEndpoint endpoint, Channel channel) {
        if (closed || withoutHistory.contains(endpoint) || !queued.add(endpoint)) {
            return; // a run for it is already waiting: it will ask for everything still missing
        }
        // Never cancelled: the task returns at once once this is closed.
        var unusedRun = thread.schedule(
                () -> {
                    queued.remove(endpoint);
                    context.run(() -> fill(endpoint, channel));
                },
                SETTLE_AFTER_CONNECT.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One agent's backfill: plan from what the archive lacks, then ask and write, newest first. */
    private void fill(AgentEndpoint endpoint, Channel channel) {
        if (closed) {
            return;
        }
        String source = endpoint.toString();
        long now = clock.millis();
        long nowHour = HistoryTier.HOUR.periodOf(now);
        // Closed hours as hours; the open one as its minutes so far, so it is whole when it closes.
        long minutesFromHour = nowHour;
        long firstHour = nowHour - lookBack.toHours();
        List<Call> calls = new ArrayList<>();
        int planned;
        try {
            long[] minutes =
                    archive.missing(source, HistoryTier.MINUTE, minutesFromHour * 60, HistoryTier.MINUTE.periodOf(now));
            long firstOwnHour = Math.max(firstHour, nowHour - perAccelerator.toHours());
            long[] hours = archive.missing(source, HistoryTier.HOUR, firstOwnHour, minutesFromHour);
            long[] groupHours = archive.missing(source, HistoryTier.GROUP_HOUR, firstHour, firstOwnHour);
            addCalls(calls, HistoryTier.MINUTE, minutes, 60);
            addCalls(calls, HistoryTier.HOUR, hours, HOURS_PER_CALL);
            addCalls(calls, HistoryTier.GROUP_HOUR, groupHours, HOURS_PER_CALL);
            planned = calls.stream().mapToInt(Call::hours).sum();
        } catch (HistoryArchive.ArchiveException e) {
            log.warn("history from {} not filled in: {}", source, e.getMessage());
            return;
        }
        if (calls.isEmpty()) {
            log.debug("history from {}: nothing missing", source);
            progress.begin();
            progress.end(BackfillProgress.Phase.DONE);
            return;
        }
        progress.begin();
        progress.planned(planned);
        log.info("filling history from {}: {} hours missing", source, planned);
        countedThisRun = 0;
        BackfillProgress.Phase outcome = BackfillProgress.Phase.DONE;
        try {
            for (Call call : calls) {
                if (closed) {
                    outcome = BackfillProgress.Phase.INTERRUPTED;
                    break;
                }
                ask(source, channel, call);
            }
        } catch (StatusRuntimeException e) {
            if (closed) {
                stoppedByClosing(source, planned);
                outcome = BackfillProgress.Phase.INTERRUPTED;
            } else if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                withoutHistory.add(endpoint);
                log.warn(
                        "{} keeps no history ({}): Idle by hour shows only what this console saw itself",
                        source,
                        e.getStatus().getDescription());
                outcome = BackfillProgress.Phase.UNAVAILABLE;
            } else {
                log.warn(
                        "filling history from {} stopped after {} of {} hours: {}; it resumes on the next connect",
                        source,
                        countedThisRun,
                        planned,
                        e.getStatus());
                outcome = BackfillProgress.Phase.INTERRUPTED;
            }
        } catch (HistoryArchive.ArchiveException e) {
            if (closed) {
                stoppedByClosing(source, planned);
            } else {
                log.warn("filling history from {} stopped: {}", source, e.getMessage());
            }
            outcome = BackfillProgress.Phase.INTERRUPTED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = BackfillProgress.Phase.INTERRUPTED;
        } finally {
            progress.dropped(planned - countedThisRun);
            progress.end(outcome);
        }
        if (outcome == BackfillProgress.Phase.DONE) {
            log.info("history from {} filled in: {} hours", source, planned);
        }
    }

    /** One GetHistory call: contiguous periods of one tier. */
    private record Call(HistoryTier tier, long from, long to) {
        int hours() {
            return tier != HistoryTier.MINUTE
                    ? (int) (to - from)
                    : (int) (Math.ceilDiv(to, 60) - Math.floorDiv(from, 60));
        }
    }

    /** Runs of consecutive periods, split at {@code most}, newest run first. */
    private static void addCalls(List<Call> calls, HistoryTier tier, long[] periods, int most) {
        List<Call> runs = new ArrayList<>();
        int i = 0;
        while (i < periods.length) {
            int j = i + 1;
            while (j < periods.length && periods[j] == periods[j - 1] + 1 && j - i < most) {
                j++;
            }
            runs.add(new Call(tier, periods[i], periods[j - 1] + 1));
            i = j;
        }
        for (int k = runs.size() - 1; k >= 0; k--) {
            calls.add(runs.get(k));
        }
    }

    /** Asks for one run and writes each period once its rows are in; periods the agent had nothing for are recorded empty. */
    private void ask(String source, Channel channel, Call call)
            throws HistoryArchive.ArchiveException, InterruptedException {
        if (call.tier() == HistoryTier.GROUP_HOUR) {
            grouped.ask(channel, call.from(), call.to(), (hour, rows) -> {
                int leftOut = archive.writeGroups(source, hour, rows);
                if (leftOut > 0) {
                    log.debug(
                            "{} group rows from {} for hour {} had no name or no known second", leftOut, source, hour);
                }
                countHour(call.tier(), hour);
            });
            archive.settle(source, call.tier(), call.from(), call.to());
            return;
        }
        long periodMs = call.tier().periodMs();
        var request = GetHistoryRequest.newBuilder()
                .setFromMs(call.from() * periodMs)
                .setToMs(call.to() * periodMs)
                .setResolution(
                        call.tier() == HistoryTier.MINUTE
                                ? HistoryResolution.HISTORY_RESOLUTION_MINUTE
                                : HistoryResolution.HISTORY_RESOLUTION_HOUR)
                .setGrouping(HistoryGrouping.HISTORY_GROUPING_ACCELERATOR)
                .setClientId(clientId)
                .build();
        // The blocking iterator asks for the next chunk only when this thread takes one: memory stays at a chunk or
        // two.
        Iterator<HistoryChunk> chunks = AgentGrpc.newBlockingStub(channel)
                .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .getHistory(request);
        List<AcceleratorPeriod> rows = new ArrayList<>();
        long period = call.from();
        while (chunks.hasNext()) {
            HistoryChunk chunk = chunks.next();
            bytesReceived.addAndGet(chunk.getSerializedSize());
            for (HistoryRow row : chunk.getRowsList()) {
                long at = Math.floorDiv(row.getPeriodStartMs(), periodMs);
                if (at < call.from() || at >= call.to()) {
                    continue; // not asked for: an agent rounding differently
                }
                while (at > period) {
                    write(source, call.tier(), period, rows);
                    rows.clear();
                    countHour(call.tier(), period);
                    period++;
                }
                rows.add(AcceleratorPeriods.of(row));
            }
        }
        while (period < call.to()) {
            write(source, call.tier(), period, rows);
            rows.clear();
            countHour(call.tier(), period);
            period++;
        }
        archive.settle(source, call.tier(), call.from(), call.to());
    }

    /** Progress counts hours: an hour, or the last minute of an hour. */
    private void countHour(HistoryTier tier, long period) {
        if (tier != HistoryTier.MINUTE || Math.floorMod(period + 1, 60) == 0) {
            progress.periodDone();
            countedThisRun++;
        }
    }

    /** Writes one period, waiting a while when the store has not yet stored the agent's inventory. */
    private void write(String source, HistoryTier tier, long period, List<AcceleratorPeriod> rows)
            throws HistoryArchive.ArchiveException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            int unknown = archive.write(source, tier, period, rows);
            if (unknown == 0 || unknown < rows.size()) {
                if (unknown > 0) {
                    log.debug("{} accelerators from {} not in the stored inventory; left out", unknown, source);
                }
                return;
            }
            if (attempt >= INVENTORY_WAITS || closed) {
                throw new HistoryArchive.ArchiveException(
                        "the local store does not know any of the " + rows.size() + " accelerators " + source
                                + " reports history for",
                        null);
            }
            Thread.sleep(500);
        }
    }

    /**
     * The console is closing: the call was cancelled, or the store closed under a write. The
     * period being written was rolled back and is asked for again on the next start.
     */
    private void stoppedByClosing(String source, int planned) {
        log.info(
                "filling history from {} stopped as the console closes, after {} of {} hours",
                source,
                countedThisRun,
                planned);
    }

    @Override
    public void close() {
        closed = true;
        context.cancel(null);
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

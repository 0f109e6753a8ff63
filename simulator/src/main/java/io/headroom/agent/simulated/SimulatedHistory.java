package io.headroom.agent.simulated;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.headroom.agent.history.FleetHistory;
import io.headroom.agent.simulator.FleetPast;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryChunk;
import io.headroom.protocol.v1.HistoryGrouping;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers GetHistory from the simulated fleet's modelled past ({@link FleetPast}), one row per GPU
 * and MIG slice. Rows are made on {@code executor}, never on a gRPC thread, and only while the
 * caller's flow control lets a chunk through: when the stream is not ready the work stops and
 * the on-ready handler starts it again, so a slow console holds at most one chunk here.
 *
 * <p>Groupings other than per accelerator are not answered here (UNIMPLEMENTED): grouping is the
 * shared history code's job, which wraps this row source.
 */
public final class SimulatedHistory implements FleetHistory {

    private static final Logger log = LoggerFactory.getLogger(SimulatedHistory.class);
    /** About 1 MiB: a row is some 110 bytes on the wire. */
    static final int DEFAULT_ROWS_PER_CHUNK = 8_000;

    private final FleetPast past;
    private final String serverId;
    private final Executor executor;
    private final InstantSource clock;

    public SimulatedHistory(FleetPast past, String serverId, Executor executor, InstantSource clock) {
        this.past = past;
        this.serverId = serverId;
        this.executor = executor;
        this.clock = clock;
    }

    @Override
    public void answer(GetHistoryRequest request, ServerCallStreamObserver<HistoryChunk> observer) {
        HistoryGrouping grouping = request.getGrouping();
        if (grouping != HistoryGrouping.HISTORY_GROUPING_ACCELERATOR
                && grouping != HistoryGrouping.HISTORY_GROUPING_UNSPECIFIED) {
            observer.onError(Status.UNIMPLEMENTED
                    .withDescription("the simulator answers GetHistory per accelerator only, not grouped by "
                            + grouping.name().replace("HISTORY_GROUPING_", "").toLowerCase(java.util.Locale.ROOT))
                    .asRuntimeException());
            return;
        }
        var rows = new PastRows(
                past,
                request.getFromMs(),
                request.getToMs(),
                request.getResolution(),
                new HashSet<>(request.getHostnamesList()),
                clock.millis());
        int perChunk = request.getMaxRowsPerChunk() == 0
                ? DEFAULT_ROWS_PER_CHUNK
                : Math.min(request.getMaxRowsPerChunk(), DEFAULT_ROWS_PER_CHUNK * 4);
        new Answer(request, rows, perChunk, observer).start();
    }

    /** One answer's state: one writer at a time, woken by the stream's readiness. */
    private final class Answer implements Runnable {

        private final GetHistoryRequest request;
        private final PastRows rows;
        private final int perChunk;
        private final ServerCallStreamObserver<HistoryChunk> observer;
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private volatile boolean cancelled;
        private boolean finished;

        Answer(
                GetHistoryRequest request,
                PastRows rows,
                int perChunk,
                ServerCallStreamObserver<HistoryChunk> observer) {
            this.request = request;
            this.rows = rows;
            this.perChunk = perChunk;
            this.observer = observer;
        }

        void start() {
            observer.setOnCancelHandler(() -> cancelled = true);
            observer.setOnReadyHandler(this::wake);
            wake();
        }

        private void wake() {
            if (scheduled.compareAndSet(false, true)) {
                executor.execute(this);
            }
        }

        @Override
        public void run() {
            try {
                drain();
            } catch (RuntimeException e) {
                log.warn("GetHistory for {} failed part-way: {}", request.getClientId(), e.toString());
                if (!cancelled && !finished) {
                    finished = true;
                    observer.onError(Status.INTERNAL
                            .withDescription("the simulator's history failed: " + e.getMessage())
                            .asRuntimeException());
                }
            } finally {
                scheduled.set(false);
            }
            // Readiness that came while this ran found it scheduled and was dropped: look again.
            if (!finished && !cancelled && observer.isReady()) {
                wake();
            }
        }

        private void drain() {
            while (!finished && !cancelled && observer.isReady()) {
                var chunk = HistoryChunk.newBuilder()
                        .setServerId(serverId)
                        .setResolution(request.getResolution())
                        .setGrouping(HistoryGrouping.HISTORY_GROUPING_ACCELERATOR);
                rows.next(perChunk, chunk::addRows);
                boolean last = rows.done();
                observer.onNext(chunk.setLast(last).build());
                if (last) {
                    finished = true;
                    observer.onCompleted();
                }
            }
        }
    }
}

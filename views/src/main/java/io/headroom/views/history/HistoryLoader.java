package io.headroom.views.history;

import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the history on a thread of its own and hands the grid to the FX thread, one
 * {@code runLater} per read. Only the latest request's answer is shown: choices clicked
 * through quickly never paint an older answer over a newer one.
 */
final class HistoryLoader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HistoryLoader.class);

    private final IdleHistory history;
    private final InstantSource clock;
    private final BiConsumer<IdleGrid, String> onGrid;
    private final Consumer<String> onFailure;
    private final AtomicLong latest = new AtomicLong();
    private ExecutorService executor;

    /** @param onGrid the grid, and what could not be read for it (null when nothing) */
    HistoryLoader(
            IdleHistory history, InstantSource clock, BiConsumer<IdleGrid, String> onGrid, Consumer<String> onFailure) {
        this.history = history;
        this.clock = clock;
        this.onGrid = onGrid;
        this.onFailure = onFailure;
    }

    /** FX thread. */
    void load(Grouping by, HistoryRange range) {
        if (executor == null) {
            executor = Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().daemon().name("idle-history").factory());
        }
        long request = latest.incrementAndGet();
        executor.execute(() -> {
            Result result = read(by, range);
            Platform.runLater(() -> {
                if (request == latest.get()) {
                    deliver(result);
                }
            });
        });
    }

    /** On this thread: for snapshots and tests. */
    void loadNow(Grouping by, HistoryRange range) {
        latest.incrementAndGet();
        deliver(read(by, range));
    }

    private record Result(IdleGrid grid, String shortfall, String failure) {}

    private Result read(Grouping by, HistoryRange range) {
        // Closed hours only: the current hour is rolled up once it ends.
        Instant to = clock.instant().truncatedTo(ChronoUnit.HOURS);
        Instant from = to.minus(range.span());
        try {
            IdleHistory.Reading reading = history.read(by, from, to);
            return new Result(IdleGrid.of(by, from, range.hours(), reading.hours()), reading.shortfall(), null);
        } catch (Exception e) {
            log.warn("could not read idle history by {} over {}: {}", by, range, e.toString());
            return new Result(null, null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private void deliver(Result result) {
        if (result.grid() != null) {
            onGrid.accept(result.grid(), result.shortfall());
        } else {
            onFailure.accept(result.failure());
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}

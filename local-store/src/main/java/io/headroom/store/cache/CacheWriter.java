package io.headroom.store.cache;

import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.store.LocalStore;
import io.headroom.store.StoreUnavailableException;
import io.headroom.store.history.HistoryRecorder;
import io.headroom.store.history.HistoryRollups;
import io.headroom.store.history.HistorySettings;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the live fleet on its own thread, never the FX thread: every second it reads the
 * telemetry arrays for history minutes; every {@code saveEvery} (and whenever a minute
 * closes) it writes, in one transaction, what changed in the inventory and the closed
 * minutes, then replaces the latest-samples file, then rolls up closed hours and days.
 *
 * <p>A failed save is counted in the store's health and skipped, never thrown at the fleet's
 * writers; the next save writes everything still pending.
 */
public final class CacheWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CacheWriter.class);
    private static final long ROLLUP_BUDGET_MILLIS = 2_000;

    /**
     * How often the writer looks and saves.
     *
     * @param observeEvery how often history looks at the fleet; at most the agents' sample interval
     * @param saveEvery    how often the latest samples are saved; their age at a cold start is at most this
     */
    public record Settings(Duration observeEvery, Duration saveEvery, HistorySettings history) {
        public static final Settings DEFAULTS =
                new Settings(Duration.ofSeconds(1), Duration.ofSeconds(15), HistorySettings.DEFAULTS);
    }

    private final LocalStore store;
    private final FleetState fleet;
    private final Settings settings;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final List<Consumer<CommittedBatch>> listeners = new CopyOnWriteArrayList<>();
    private volatile CommittedBatch lastCommitted;

    // Touched only on the writer thread.
    private boolean loaded;
    private FleetNumbers numbers;
    private InventoryWriter inventory;
    private LatestSamples latest;
    private HistoryRecorder recorder;
    private HistoryRollups rollups;
    private FleetTelemetry numbered;
    private FleetNumbers.SlotNumbers slotNumbers;
    private boolean inventoryPending;
    private long batchNo;
    private long nextSaveAt;

    private CacheWriter(LocalStore store, FleetState fleet, Settings settings, Clock clock) {
        this.store = store;
        this.fleet = fleet;
        this.settings = settings;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("headroom-cache-writer").factory());
    }

    /**
     * Starts saving {@code fleet}. Call {@link FleetCache#restore} first: history counts only
     * samples newer than what the fleet holds when the writer starts.
     */
    public static CacheWriter start(LocalStore store, FleetState fleet, Settings settings) {
        return start(store, fleet, settings, store.clock());
    }

    /** As {@link #start(LocalStore, FleetState, Settings)}, on another clock (for tests and simulations). */
    public static CacheWriter start(LocalStore store, FleetState fleet, Settings settings, Clock clock) {
        CacheWriter writer = new CacheWriter(store, fleet, settings, clock);
        // Stopped by shutting the thread down in close(); tickQuietly catches what a tick throws.
        var unusedTicking = writer.thread.scheduleWithFixedDelay(
                writer::tickQuietly, 0, settings.observeEvery().toMillis(), TimeUnit.MILLISECONDS);
        return writer;
    }

    /** Called on the writer thread after each save that reached the disk. */
    public void onCommitted(Consumer<CommittedBatch> listener) {
        listeners.add(listener);
    }

    /** The last save that reached the disk, for a "saved 8 s ago" label. */
    public Optional<CommittedBatch> lastCommitted() {
        return Optional.ofNullable(lastCommitted);
    }

    /**
     * Saves now, on the writer thread, and waits for it: for shutdown, and for a caller that
     * needs to know the save happened.
     *
     * @throws StoreUnavailableException the save did not reach the disk (the health says why)
     */
    public CommittedBatch saveNow() throws StoreUnavailableException, InterruptedException {
        try {
            return thread.submit(() -> {
                        try {
                            return tick(true);
                        } catch (SQLException | IOException e) {
                            recordFailure(e);
                            throw e;
                        }
                    })
                    .get();
        } catch (ExecutionException e) {
            throw new StoreUnavailableException(
                    "saving the fleet cache failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void tickQuietly() {
        try {
            tick(false);
        } catch (SQLException | IOException e) {
            recordFailure(e);
        } catch (RuntimeException e) {
            // A bug must not end the schedule: the next tick tries again.
            log.error("Cache writer tick failed", e);
        }
    }

    private void recordFailure(Exception e) {
        store.recordFailure(e instanceof IOException ? "writing the latest samples" : "saving the fleet cache", e);
    }

    private CommittedBatch tick(boolean force) throws SQLException, IOException {
        long now = clock.millis();
        if (!loaded) {
            load();
        }
        FleetTelemetry telemetry = fleet.current();
        if (telemetry != numbered) {
            slotNumbers = numbers.number(telemetry.layout());
            numbered = telemetry;
            // Never save an empty fleet over a saved one: the agents have just not answered yet.
            inventoryPending = !telemetry.layout().inventory().nodes().isEmpty();
        }
        recorder.observe(telemetry, slotNumbers.accelOfSlot(), now);
        if (!force && now < nextSaveAt && !recorder.hasClosedMinutes() && !inventoryPending) {
            return null;
        }
        nextSaveAt = now + settings.saveEvery().toMillis();
        int changed = latest.capture(telemetry, slotNumbers);
        int lastMinute = -1;
        boolean wrote = inventoryPending || recorder.hasClosedMinutes();
        if (wrote) {
            Inventory saving = telemetry.layout().inventory();
            try (Connection c = store.connect()) {
                c.setAutoCommit(false);
                if (inventoryPending) {
                    inventory.write(c, saving, numbers, now);
                }
                lastMinute = recorder.write(c);
                c.commit();
                // As for the outbox: H2 can drop a just-committed transaction when the process is
                // killed before its store is written out; a batch is reported committed only once
                // it is on disk (at most once a minute, when minutes close, or on a new inventory).
                try (var checkpoint = c.createStatement()) {
                    checkpoint.execute("CHECKPOINT SYNC");
                }
            }
            if (inventoryPending) {
                inventory.written(saving);
                inventoryPending = false;
            }
            recorder.written();
        }
        if (changed > 0 || wrote || force) {
            batchNo++;
            Optional<Path> directory = store.directory();
            if (directory.isPresent()) {
                LatestSamplesFile.write(directory.get(), store.storeId(), batchNo, now, latest);
            }
        }
        rollUp(now);
        store.recordSaved();
        CommittedBatch batch = new CommittedBatch(batchNo, Instant.ofEpochMilli(now), changed, lastMinute);
        lastCommitted = batch;
        listeners.forEach(listener -> listener.accept(batch));
        return batch;
    }

    private void rollUp(long now) throws SQLException {
        long started = System.nanoTime();
        try (Connection c = store.connect()) {
            // One hour and one day per round; a console back from a week off catches up over a few ticks.
            boolean more = true;
            while (more && (System.nanoTime() - started) / 1_000_000 < ROLLUP_BUDGET_MILLIS) {
                more = rollups.rollUpDue(c, now);
            }
        }
    }

    private void load() throws SQLException, IOException {
        Inventory stored;
        try (Connection c = store.connect()) {
            numbers = FleetNumbers.load(c);
            stored = InventorySnapshot.read(c)
                    .map(InventorySnapshot.Decoded::inventory)
                    .orElse(Inventory.EMPTY);
        }
        inventory = new InventoryWriter(stored);
        Optional<LatestSamplesFile.Saved> saved = store.directory().isPresent()
                ? LatestSamplesFile.read(store.directory().get(), store.storeId())
                : Optional.empty();
        latest = saved.map(LatestSamplesFile.Saved::samples).orElseGet(LatestSamples::new);
        batchNo = saved.map(LatestSamplesFile.Saved::batchNo).orElse(0L);
        recorder = new HistoryRecorder(new IdleClassifier(fleet.thresholds()));
        rollups = new HistoryRollups(settings.history());
        numbered = fleet.current();
        slotNumbers = numbers.number(numbered.layout());
        recorder.markSeen(numbered, slotNumbers.accelOfSlot());
        Inventory current = numbered.layout().inventory();
        inventoryPending = !current.nodes().isEmpty() && !current.equals(stored);
        nextSaveAt = clock.millis() + settings.saveEvery().toMillis();
        loaded = true;
    }

    /** Saves a last time and stops the thread. A failing last save is in the health and the log. */
    @Override
    public void close() {
        try {
            saveNow();
            thread.shutdown();
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Cache writer did not stop within 10 s");
            }
        } catch (StoreUnavailableException e) {
            log.warn("Last save before closing failed", e);
            thread.shutdown();
        } catch (InterruptedException e) {
            // Closing on an interrupted thread: stop at once and leave the flag for the caller.
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

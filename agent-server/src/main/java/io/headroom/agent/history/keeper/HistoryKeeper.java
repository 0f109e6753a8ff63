package io.headroom.agent.history.keeper;

import io.headroom.agent.history.AcceleratorPast;
import io.headroom.agent.history.HistoryQuery;
import io.headroom.agent.history.PeriodCursor;
import io.headroom.agent.workloads.WorkloadBook;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import io.headroom.protocol.v1.HistoryResolution;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's own past, kept per GPU and MIG slice: every round's {@link IdleState} (from the one
 * {@link IdleClassifier}), utilisation, power, energy, temperature and holder go into the open
 * minute; a closed minute is written and forced to disk, and added into its hour, a closed hour
 * into its day (an hour is written when the first minute after it closes). After a restart the
 * open hour and day are rebuilt from the files, so a kill loses at most the open minute. Writing
 * runs on the keeper's own thread, never the telemetry ticker's.
 */
public final class HistoryKeeper implements AcceleratorPast, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HistoryKeeper.class);
    /** Closed minutes waiting for the keeper's thread before new ones are dropped (a disk that hangs). */
    private static final int QUEUE = 600;

    private static final HistoryResolution MINUTE = HistoryResolution.HISTORY_RESOLUTION_MINUTE;
    private static final HistoryResolution HOUR = HistoryResolution.HISTORY_RESOLUTION_HOUR;
    private static final HistoryResolution DAY = HistoryResolution.HISTORY_RESOLUTION_DAY;

    private final HistoryStore store;
    private final IdleClassifier classifier = new IdleClassifier(IdleThresholds.DEFAULTS);
    private final Holders holders = new Holders();
    private final ThreadPoolExecutor writer;
    private final AtomicLong minutesDropped = new AtomicLong();
    private volatile Set<String> hostnames = Set.of();
    private FleetLayout slotsLayout;
    private KeptRecord.Slot[] slots = new KeptRecord.Slot[0];

    // The open minute: confined to the caller of onRound.
    private final Map<KeptRecord.Slot, Tally> minute = new LinkedHashMap<>();
    private long openMinute = -1;
    // The open hour and day: confined to the writer thread (and to open() before it starts).
    private final Map<KeptRecord.Slot, Tally> hour = new LinkedHashMap<>();
    private final Map<KeptRecord.Slot, Tally> day = new LinkedHashMap<>();
    private long openHour = -1;
    private long openDay = -1;
    private boolean warnedWrite;

    private HistoryKeeper(HistoryStore store) {
        this.store = store;
        this.writer = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("history-keeper").daemon().factory());
    }

    /**
     * Opens the history in {@code directory} (created when missing): drops torn tails, sets
     * damaged files aside, deletes what is past retention and rebuilds the open hour and day.
     */
    public static HistoryKeeper open(Path directory, long nowMs) throws IOException {
        var store = new HistoryStore(directory);
        var keeper = new HistoryKeeper(store);
        try {
            keeper.recover(nowMs);
        } catch (IOException | RuntimeException e) {
            keeper.close();
            throw e;
        }
        return keeper;
    }

    public Path directory() {
        return store.directory();
    }

    /** Bytes the history files take now. */
    public long diskBytes() throws IOException {
        return store.bytes();
    }

    /** Closed minutes not written because the keeper's thread was too far behind. */
    public long minutesDropped() {
        return minutesDropped.get();
    }

    private void recover(long nowMs) throws IOException {
        store.enforceRetention(nowMs);
        List<KeptRecord> minutes = lastFile(MINUTE);
        List<KeptRecord> hours = lastFile(HOUR);
        List<KeptRecord> days = lastFile(DAY);
        long lastMinute = minutes.isEmpty() ? -1 : minutes.getLast().periodStartMs();
        long lastHour = hours.isEmpty() ? -1 : hours.getLast().periodStartMs();
        long lastDay = days.isEmpty() ? -1 : days.getLast().periodStartMs();
        if (lastMinute >= 0 && floor(lastMinute, HistoryQuery.HOUR_MS) > lastHour) {
            openHour = floor(lastMinute, HistoryQuery.HOUR_MS);
            fold(minutes, openHour, HistoryQuery.HOUR_MS, hour);
        }
        long base = openHour >= 0 ? openHour : lastHour;
        if (base >= 0 && floor(base, HistoryQuery.DAY_MS) > lastDay) {
            openDay = floor(base, HistoryQuery.DAY_MS);
            // The day's closed hours may sit in the month file before the last one.
            List<KeptRecord> dayHours = new ArrayList<>();
            for (Path file : store.files(HOUR, openDay, openDay + HistoryQuery.DAY_MS)) {
                dayHours.addAll(store.check(file));
            }
            fold(dayHours, openDay, HistoryQuery.DAY_MS, day);
        }
        if (openHour >= 0 || openDay >= 0) {
            log.info("history in {}: open hour and day rebuilt from the files", store.directory());
        }
    }

    /** The records of the newest file of a resolution, after checking every file of it. */
    private List<KeptRecord> lastFile(HistoryResolution resolution) throws IOException {
        List<KeptRecord> last = List.of();
        for (Path file : store.files(resolution, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2)) {
            last = store.check(file);
        }
        return last;
    }

    private static void fold(List<KeptRecord> records, long from, long length, Map<KeptRecord.Slot, Tally> into) {
        for (KeptRecord r : records) {
            if (r.periodStartMs() >= from && r.periodStartMs() < from + length) {
                into.computeIfAbsent(r.slot(), s -> new Tally()).add(r.tally());
            }
        }
    }

    /**
     * Takes one round of the served fleet: called by the telemetry publisher on its ticker thread
     * after each round (one caller at a time). The round goes into the open minute here; a closed
     * minute is handed to the keeper's own thread, which writes it and rolls it into its hour and day.
     */
    public void onRound(FleetTelemetry telemetry, long timeMillis, WorkloadBook workloads) {
        long m = floor(timeMillis, HistoryQuery.MINUTE_MS);
        if (openMinute >= 0 && m < openMinute) {
            return; // the clock went back: that time is already kept
        }
        if (openMinute >= 0 && m != openMinute) {
            hand(openMinute, new LinkedHashMap<>(minute));
            minute.clear();
        }
        openMinute = m;
        FleetLayout layout = telemetry.layout();
        KeptRecord.Slot[] slotsNow = slotsOf(layout);
        Owner[] owners = holders.of(workloads, layout);
        for (int slot = 0; slot < slotsNow.length; slot++) {
            minute.computeIfAbsent(slotsNow[slot], s -> new Tally())
                    .addRound(
                            classifier.classify(telemetry, slot, timeMillis),
                            layout.node(layout.nodeOfSlot(slot)).sampleIntervalMs(),
                            telemetry.utilizationPct(slot),
                            telemetry.powerW(slot),
                            telemetry.gpuTempC(slot),
                            owners[slot]);
        }
    }

    private void hand(long minuteStart, Map<KeptRecord.Slot, Tally> closed) {
        if (writer.getQueue().size() >= QUEUE) {
            if (minutesDropped.getAndIncrement() == 0) {
                log.warn("history keeper is behind (disk slow?): closed minutes dropped until it catches up;"
                        + " that time will show as uncovered");
            }
            return;
        }
        writer.execute(() -> closeMinute(minuteStart, closed));
    }

    private KeptRecord.Slot[] slotsOf(FleetLayout layout) {
        if (layout != slotsLayout) {
            var made = new KeptRecord.Slot[layout.slotCount()];
            Set<String> hosts = new HashSet<>();
            for (int slot = 0; slot < made.length; slot++) {
                String host = layout.node(layout.nodeOfSlot(slot)).hostname();
                hosts.add(host);
                String uuid = layout.isSlice(slot)
                        ? layout.slice(slot).uuid()
                        : layout.accelerator(slot).uuid();
                String parent = layout.isSlice(slot) ? layout.accelerator(slot).uuid() : "";
                made[slot] =
                        new KeptRecord.Slot(uuid, parent, host, layout.isSlice(slot) ? 0 : layout.peakTflops(slot));
            }
            slots = made;
            hostnames = Set.copyOf(hosts);
            slotsLayout = layout;
        }
        return slots;
    }

    /** On the keeper's thread: closes the hour and day the minute has left, writes it, adds it to its hour. */
    private void closeMinute(long minuteStart, Map<KeptRecord.Slot, Tally> closed) {
        long h = floor(minuteStart, HistoryQuery.HOUR_MS);
        long d = floor(minuteStart, HistoryQuery.DAY_MS);
        if (openHour >= 0 && h != openHour) {
            closeHour(minuteStart);
        }
        if (openDay >= 0 && d != openDay) {
            closeDay();
        }
        openHour = h;
        openDay = d;
        write(MINUTE, minuteStart, closed);
        closed.forEach(
                (slot, tally) -> hour.computeIfAbsent(slot, s -> new Tally()).add(tally));
    }

    private void closeHour(long nowMs) {
        write(HOUR, openHour, hour);
        hour.forEach(
                (slot, tally) -> day.computeIfAbsent(slot, s -> new Tally()).add(tally));
        hour.clear();
        openHour = -1;
        try {
            store.enforceRetention(nowMs);
        } catch (IOException e) {
            log.warn("history retention in {} could not run: {}", store.directory(), e.toString());
        }
    }

    private void closeDay() {
        write(DAY, openDay, day);
        day.clear();
        openDay = -1;
    }

    private void write(HistoryResolution resolution, long periodStart, Map<KeptRecord.Slot, Tally> tallies) {
        List<KeptRecord> records = new ArrayList<>(tallies.size());
        tallies.forEach((slot, tally) -> records.add(new KeptRecord(periodStart, slot, tally)));
        try {
            store.append(resolution, periodStart, records);
            warnedWrite = false;
        } catch (IOException e) {
            if (!warnedWrite) {
                warnedWrite = true;
                log.error(
                        "history could not be written to {}: {}; that time will show as a gap",
                        store.directory(),
                        e.toString());
            }
        }
    }

    /** Waits until every round handed over so far is written: for tests and benchmarks. */
    public void awaitWritten() throws InterruptedException {
        try {
            writer.submit(() -> {}).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public PeriodCursor open(HistoryQuery query) throws IOException {
        return new KeptCursor(store, query, hostnames);
    }

    /** Stops taking rounds; the open minute is lost, as in a kill (closed ones are on disk already). */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.shutdownNow();
        }
        store.close();
    }

    static long floor(long ms, long period) {
        return Math.floorDiv(ms, period) * period;
    }
}

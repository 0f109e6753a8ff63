package io.headroom.store.crash;

import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.store.LocalStore;
import io.headroom.store.cache.CacheWriter;
import io.headroom.store.cache.CommittedBatch;
import io.headroom.store.cache.FleetCache;
import io.headroom.store.cache.RestoredFleet;
import io.headroom.store.history.HistorySettings;
import io.headroom.store.testing.Fleets;
import io.headroom.store.testing.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Child main: a console that restores its fleet, then writes batch after batch until it is
 * killed. Generation g samples every slot at {@link #timeOf(long)} with utilization
 * {@link #utilization(long, int)}, saves, and prints "committed g batch lastMinute" once the
 * save returned. One generation is one minute of its clock, so every save closes a minute of
 * history and every sixtieth rolls up an hour.
 */
public final class CacheWritingConsole {

    static final Instant START = Instant.parse("2026-03-02T06:00:00Z");
    static final Duration STEP = Duration.ofMinutes(1);
    static final int RACKS = 4;
    static final int NODES_PER_RACK = 8;
    static final int GPUS_PER_NODE = 8;

    private CacheWritingConsole() {}

    static long timeOf(long generation) {
        return START.toEpochMilli() + generation * STEP.toMillis();
    }

    static float utilization(long generation, int slot) {
        return (generation * 7 + slot) % 100;
    }

    public static void main(String[] args) throws Exception {
        var opening = LocalStore.open(Path.of(args[0]));
        LocalStore store = opening.store();
        FleetState fleet = new FleetState(IdleThresholds.DEFAULTS);
        RestoredFleet restored = FleetCache.restore(store, fleet);
        if (restored.isEmpty()) {
            fleet.install(Fleets.of(RACKS, NODES_PER_RACK, GPUS_PER_NODE));
        }
        FleetTelemetry telemetry = fleet.current();
        long generation =
                restored.withSamples() == 0 ? 0 : (telemetry.sampleTime(0) - START.toEpochMilli()) / STEP.toMillis();
        TestClock clock = new TestClock(Instant.ofEpochMilli(timeOf(generation)));
        CacheWriter writer = CacheWriter.start(
                store,
                fleet,
                new CacheWriter.Settings(
                        Duration.ofHours(1), Duration.ofHours(1), HistorySettings.DEFAULTS.withDayZone(ZoneOffset.UTC)),
                clock);
        // A store moved aside would start this console from nothing: the test must hear why.
        System.out.println("ready " + generation
                + opening.movedAside()
                        .map(aside -> " moved-aside: " + opening.why())
                        .orElse(""));
        System.out.flush();
        while (true) {
            long g = ++generation;
            clock.set(Instant.ofEpochMilli(timeOf(g)));
            Fleets.sampleAll(telemetry, timeOf(g), slot -> utilization(g, slot));
            CommittedBatch batch = writer.saveNow();
            System.out.println("committed " + g + " " + batch.number() + " " + batch.lastMinute());
            System.out.flush();
        }
    }
}

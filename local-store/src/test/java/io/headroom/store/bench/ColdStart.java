package io.headroom.store.bench;

import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.store.LocalStore;
import io.headroom.store.cache.FleetCache;
import io.headroom.store.cache.RestoredFleet;
import io.headroom.store.history.GroupBy;
import io.headroom.store.history.RollupQueries;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Child main of the benchmark: what a console does when it starts with the network down,
 * in a fresh JVM. Prints one line of figures in milliseconds.
 */
public final class ColdStart {

    private ColdStart() {}

    public static void main(String[] args) throws Exception {
        Instant processStart = ProcessHandle.current().info().startInstant().orElseThrow();
        long mainStarted = System.nanoTime();
        // CPU beside wall time: on the shared machine the wall time says as much about the others' load as about us.
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        Instant to = Instant.parse(args[1]);
        Instant from = to.minus(Duration.ofDays(7));
        try (LocalStore store = LocalStore.open(Path.of(args[0])).store()) {
            long opened = System.nanoTime();
            long cpuOpened = threads.getCurrentThreadCpuTime();
            long processCpuOpened = os.getProcessCpuTime();
            long gcOpened = gcMillis();
            FleetState fleet = new FleetState(IdleThresholds.DEFAULTS);
            RestoredFleet restored = FleetCache.restore(store, fleet);
            long restoredAt = System.nanoTime();
            long restoreCpu = threads.getCurrentThreadCpuTime() - cpuOpened;
            long restoreProcessCpu = os.getProcessCpuTime() - processCpuOpened;
            long restoreGc = gcMillis() - gcOpened;
            long sinceProcessStart =
                    Duration.between(processStart, Instant.now()).toMillis();
            RollupQueries queries = new RollupQueries(store, ZoneOffset.UTC);
            long q0 = System.nanoTime();
            int rackCells = queries.idleByHour(GroupBy.RACK, from, to).size();
            long q1 = System.nanoTime();
            int poolCells = queries.idleByHour(GroupBy.POOL, from, to).size();
            long q2 = System.nanoTime();
            System.out.printf(
                    "cold open_ms=%d restore_ms=%d open_plus_restore_ms=%d since_process_start_ms=%d"
                            + " restore_cpu_ms=%d (main thread; %d the whole process) restore_gc_ms=%d"
                            + " slots=%d restored=%d first_rack_query_ms=%d (%d cells) first_pool_query_ms=%d (%d cells)%n",
                    ms(opened - mainStarted),
                    ms(restoredAt - opened),
                    ms(restoredAt - mainStarted),
                    sinceProcessStart,
                    ms(restoreCpu),
                    ms(restoreProcessCpu),
                    restoreGc,
                    fleet.layout().slotCount(),
                    restored.withSamples(),
                    ms(q1 - q0),
                    rackCells,
                    ms(q2 - q1),
                    poolCells);
        }
    }

    /** Time the collectors have spent so far, in milliseconds. */
    private static long gcMillis() {
        long total = 0;
        for (var collector : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, collector.getCollectionTime());
        }
        return total;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}

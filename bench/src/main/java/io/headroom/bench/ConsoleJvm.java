package io.headroom.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** What the benchmark's own JVM, which plays the console, spends: CPU, garbage, heap. */
final class ConsoleJvm {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ConsoleJvm() {}

    /** Counters at one instant; two of them bound a measurement window. */
    record Counters(long wallNanos, long cpuNanos, long gcCount, long gcMillis, long allocatedBytes) {

        static Counters now() {
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                millis += Math.max(0, gc.getCollectionTime());
            }
            return new Counters(
                    System.nanoTime(), OS.getProcessCpuTime(), count, millis, THREADS.getTotalThreadAllocatedBytes());
        }

        double seconds(Counters later) {
            return (later.wallNanos - wallNanos) / 1e9;
        }

        /** CPU used between the two, in percent of one core. */
        double cpuPercentOfOneCore(Counters later) {
            return 100.0 * (later.cpuNanos - cpuNanos) / (later.wallNanos - wallNanos);
        }
    }

    /** Starts a new high-water mark for {@link #peakHeapBytes()}. */
    static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /**
     * The sum of each heap pool's peak since {@link #resetPeaks()}: an upper bound of the
     * heap ever in use at once, since the pools need not peak together.
     */
    static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Heap in use after full collections: what the console really holds. */
    static long heapAfterGcBytes() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long heapCommittedBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }

    static long heapMaxBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    }

    static String collectors() {
        return String.join(
                " + ",
                ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(GarbageCollectorMXBean::getName)
                        .toList());
    }

    static long machineMemoryBytes() {
        return OS.getTotalMemorySize();
    }
}

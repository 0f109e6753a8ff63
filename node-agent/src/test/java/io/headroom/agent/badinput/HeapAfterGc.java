package io.headroom.agent.badinput;

import java.lang.management.ManagementFactory;

/**
 * Heap in use after a full collection: the figure that says whether abuse left something
 * behind. Several collections, because one may leave objects that a finalizer or a
 * reference queue frees only on the next.
 */
final class HeapAfterGc {

    /** What the abuse may leave behind in this JVM (buffers Netty keeps pooled, the JIT's work). */
    static final long ALLOWED_GROWTH_BYTES = 64L << 20;

    private HeapAfterGc() {}

    static long measure() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    static String describe(long before, long after) {
        return mib(before) + " → " + mib(after) + " MiB (allowed growth " + (ALLOWED_GROWTH_BYTES >> 20) + " MiB)";
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }
}

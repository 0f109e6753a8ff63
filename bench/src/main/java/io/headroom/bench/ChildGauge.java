package io.headroom.bench;

import io.headroom.core.testing.ChildJvm;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One child JVM's allocation over a measurement window and its heap after GC at the end, read by
 * attaching to it ({@link AttachedJvm}). A child that cannot be read says why, and its figures
 * are unknown rather than 0.
 */
final class ChildGauge implements AutoCloseable {

    private final AttachedJvm jvm;
    private final String unknownWhy;
    private long startBytes;
    private long allocatedBytes = -1;
    private long heapAfterGcBytes = -1;

    private ChildGauge(AttachedJvm jvm, String unknownWhy) {
        this.jvm = jvm;
        this.unknownWhy = unknownWhy;
        if (jvm != null) {
            startBytes = jvm.allocatedBytes();
        }
    }

    /** Attaches to every child and starts its window. */
    static List<ChildGauge> attachAll(List<ChildJvm> children) {
        List<ChildGauge> gauges = new ArrayList<>();
        for (ChildJvm child : children) {
            try {
                gauges.add(new ChildGauge(AttachedJvm.to(child.pid()), ""));
            } catch (IOException | RuntimeException e) {
                gauges.add(new ChildGauge(null, child.name() + ": " + e.getMessage()));
            }
        }
        return gauges;
    }

    /** Ends the window: its allocation, then its heap after a full collection. */
    void end() {
        if (jvm == null) {
            return;
        }
        try {
            allocatedBytes = jvm.allocatedBytes() - startBytes;
            heapAfterGcBytes = jvm.heapAfterGcBytes();
        } catch (RuntimeException e) { // the child died, or its management agent stopped answering
            allocatedBytes = -1;
            heapAfterGcBytes = -1;
        }
    }

    /** Bytes allocated in the window, NaN when unknown. */
    double allocatedBytes() {
        return allocatedBytes < 0 ? Double.NaN : allocatedBytes;
    }

    /** -1 when unknown. */
    long heapAfterGcBytes() {
        return heapAfterGcBytes;
    }

    /** Why the figures are unknown; empty when known. */
    String unknownWhy() {
        return jvm == null ? unknownWhy : allocatedBytes < 0 ? "the child stopped answering" : "";
    }

    @Override
    public void close() {
        if (jvm != null) {
            try {
                jvm.close();
            } catch (IOException e) {
                // the child is going away with the benchmark; nothing to keep
            }
        }
    }
}

package io.headroom.bench;

import java.util.List;
import org.HdrHistogram.Histogram;

/** What one run measured over its measurement window (counts are window deltas unless "total"). */
record Figures(
        Setup setup,
        Ingest ingest,
        Console console,
        Histogram latency,
        Histogram firstOfRound,
        Histogram handlingMicros,
        List<HopRecorder.Leg> hops,
        Integrity integrity,
        List<ChildCpu> children,
        double machineBusyPercent,
        double otherProcessesPercentOfOneCore) {

    record Setup(
            String mode,
            int agents,
            int relays,
            int gpus,
            int slots,
            int nodes,
            double warmUpSeconds,
            double measuredSeconds) {}

    /** Samples written into the fleet state, received by the listener, and expected (one per slot per second). */
    record Ingest(double writtenPerSecond, double receivedPerSecond, double expectedPerSecond, long tableSwaps) {}

    record Console(
            double cpuPercentOfOneCore,
            long gcCount,
            long gcMillis,
            double allocatedMibPerSecond,
            long heapAfterGcBytes,
            long peakHeapBytes,
            long heapCommittedBytes) {}

    record Integrity(
            long coalescedSamples,
            long coalescedSamplesTotal,
            long missedBatches,
            long sequenceGaps,
            long unknownSamples,
            long implausibleValues,
            long snapshotBatchesTotal) {}

    /**
     * One child JVM's cost over the window.
     *
     * @param samplesPerSecond       the accelerator samples it carried
     * @param allocatedBytesPerSample NaN when unknown
     * @param heapAfterGcBytes       -1 when unknown
     * @param unknownWhy             why the allocation and heap are unknown; empty when known
     */
    record ChildCpu(
            String name,
            double percentOfOneCore,
            double samplesPerSecond,
            double allocatedBytesPerSample,
            long heapAfterGcBytes,
            String unknownWhy) {

        double percentPer100kSamples() {
            return percentOfOneCore * 100_000 / samplesPerSecond;
        }
    }
}

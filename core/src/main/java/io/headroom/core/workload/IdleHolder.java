package io.headroom.core.workload;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A workload that holds held-idle capacity, with what it wastes.
 *
 * @param gpusHeld        GPUs and slices it holds that the console knows
 * @param gpusIdle        of those, the held-idle ones
 * @param gpuHoursWasted  over its held-idle GPUs, the hours since each went idle
 * @param idleSince       the earliest idle start among its held-idle GPUs; null when none is idle
 * @param runtime         since it started; absent when its start is unknown
 * @param nodes           the nodes it holds GPUs on, sorted
 * @param slots           the console's slots of the GPUs it holds (for highlighting), in holding order
 */
// the slots are a flat array handed to the heatmap as they are; nobody compares holders by them
@SuppressWarnings("ArrayRecordComponent")
public record IdleHolder(
        Workload workload,
        int gpusHeld,
        int gpusIdle,
        double gpuHoursWasted,
        Instant idleSince,
        Optional<Duration> runtime,
        List<String> nodes,
        int[] slots) {

    public String id() {
        return workload.id();
    }
}

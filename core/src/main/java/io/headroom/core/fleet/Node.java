package io.headroom.core.fleet;

import java.util.List;

/**
 * A server with accelerators, as its agent reports it.
 *
 * @param uPosition        the lowest rack unit the chassis occupies, from 1
 * @param pool             Slurm partition, Kubernetes node pool, or the agent's own pool
 * @param generation       bumped on every change an operation could conflict with
 * @param sampleIntervalMs how often its agent samples; staleness is measured in these
 */
public record Node(
        String hostname,
        String serial,
        String rackId,
        int uPosition,
        int uHeight,
        String pool,
        String tenant,
        SchedulerState schedulerState,
        long generation,
        int sampleIntervalMs,
        List<Accelerator> accelerators) {
    public Node {
        accelerators = List.copyOf(accelerators);
        if (sampleIntervalMs <= 0) {
            throw new IllegalArgumentException(
                    "node " + hostname + ": sample interval must be positive, was " + sampleIntervalMs);
        }
    }
}

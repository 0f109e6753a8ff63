package io.headroom.agent.node;

import java.util.Set;

/**
 * Which of the node's GPUs the scheduler has given to jobs, so the console can tell an idle
 * GPU that nobody holds (free idle) from one a job holds and does not use (held idle).
 *
 * @param count   GPUs allocated
 * @param indices which ones, by the GPU's index on the node; null when the scheduler says only how many
 */
public record GpuAllocation(int count, Set<Integer> indices) {

    public static final GpuAllocation NONE = new GpuAllocation(0, Set.of());

    public GpuAllocation {
        indices = indices == null ? null : Set.copyOf(indices);
    }

    public static GpuAllocation count(int count) {
        return count == 0 ? NONE : new GpuAllocation(count, null);
    }

    /**
     * Whether GPU {@code index} is allocated. Knowing only a count, that is certain only when
     * every GPU of the node is allocated; otherwise none is marked, rather than a guess.
     */
    public boolean holds(int index, int gpusOnNode) {
        if (indices != null) {
            return indices.contains(index);
        }
        return count > 0 && count >= gpusOnNode;
    }
}

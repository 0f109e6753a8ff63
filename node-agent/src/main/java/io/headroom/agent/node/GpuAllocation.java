package io.headroom.agent.node;

import java.util.Set;

/**
 * Which of the node's GPUs the scheduler has given to jobs, so the console can tell an idle
 * GPU that nobody holds (free idle) from one a job holds and does not use (held idle).
 *
 * @param count   GPUs allocated
 * @param indices which ones, by the GPU's index on the node; null when the scheduler says only how many
 * @param slices  the MIG GPU instances given to jobs (on GPUs that are not themselves given whole)
 */
public record GpuAllocation(int count, Set<Integer> indices, Set<Slice> slices) {

    public static final GpuAllocation NONE = new GpuAllocation(0, Set.of());

    /** One MIG GPU instance of the GPU at {@code gpuIndex}. */
    public record Slice(int gpuIndex, int gpuInstanceId) {}

    public GpuAllocation {
        indices = indices == null ? null : Set.copyOf(indices);
        slices = slices == null ? Set.of() : Set.copyOf(slices);
    }

    /** Whole GPUs only. */
    public GpuAllocation(int count, Set<Integer> indices) {
        this(count, indices, Set.of());
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

    /** Whether MIG instance {@code gpuInstanceId} of GPU {@code index} is allocated; only a scheduler that names slices says so. */
    public boolean holdsSlice(int index, int gpuInstanceId) {
        return slices.contains(new Slice(index, gpuInstanceId));
    }
}

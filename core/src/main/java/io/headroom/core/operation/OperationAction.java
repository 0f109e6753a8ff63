package io.headroom.core.operation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What an operation does to its node, mirroring the agent protocol's Execute actions
 * without depending on it: the app maps these to protobuf at the gRPC edge.
 */
public sealed interface OperationAction {

    /** A short description for the audit log and the outbox list. */
    String describe();

    /** No new work on the node; running jobs finish (the agent reports IN_PROGRESS until they do). */
    record Drain() implements OperationAction {
        @Override
        public String describe() {
            return "drain";
        }
    }

    /** Back into service after a drain. */
    record Resume() implements OperationAction {
        @Override
        public String describe() {
            return "resume";
        }
    }

    /**
     * Move the node, or some of its GPUs, to another pool and/or tenant.
     *
     * @param pool       empty to keep the pool
     * @param tenant     empty to keep the tenant
     * @param gpuIndices empty for the whole node
     */
    record Reassign(String pool, String tenant, List<Integer> gpuIndices) implements OperationAction {
        public Reassign {
            pool = pool == null ? "" : pool;
            tenant = tenant == null ? "" : tenant;
            gpuIndices = List.copyOf(gpuIndices);
        }

        @Override
        public String describe() {
            String what = gpuIndices.isEmpty()
                    ? "node"
                    : "GPUs " + gpuIndices.stream().map(String::valueOf).collect(Collectors.joining(","));
            return "reassign " + what + " to" + (pool.isEmpty() ? "" : " pool " + pool)
                    + (tenant.isEmpty() ? "" : " tenant " + tenant);
        }
    }

    /** Re-slice one GPU (NVIDIA MIG) into the given layout. */
    record Reslice(int gpuIndex, List<SliceRequest> slices) implements OperationAction {
        public Reslice {
            slices = List.copyOf(slices);
        }

        @Override
        public String describe() {
            return "re-slice GPU " + gpuIndex + " into "
                    + slices.stream()
                            .map(s -> s.profileId() + "@" + s.placementStart())
                            .collect(Collectors.joining(","));
        }
    }

    /** One GPU instance of a re-slice: MIG profile id and the memory slice it starts at. */
    record SliceRequest(int profileId, int placementStart) {}
}

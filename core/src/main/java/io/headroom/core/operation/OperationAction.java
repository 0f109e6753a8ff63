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

    /**
     * An action on one workload (a Slurm job, a Kubernetes pod) rather than on the node: the
     * node in the operation only routes it to an agent that runs part of the workload.
     */
    sealed interface Reclaim extends OperationAction {
        /** The workload's id as the agent reports it, e.g. {@code slurm:hall-a:4242}. */
        String workloadId();
    }

    /**
     * Tell the workload's owner that it holds idle accelerators, through the webhook the agent
     * is configured with for the workload's pool.
     *
     * @param note free text added to the message; may be empty
     */
    record NotifyOwner(String workloadId, String note) implements Reclaim {
        public NotifyOwner {
            note = note == null ? "" : note;
        }

        @Override
        public String describe() {
            return "notify the owner of " + workloadId;
        }
    }

    /** Put a Slurm job back in the queue. */
    record Requeue(String workloadId) implements Reclaim {
        @Override
        public String describe() {
            return "requeue " + workloadId;
        }
    }

    /** End a Slurm job. */
    record Cancel(String workloadId) implements Reclaim {
        @Override
        public String describe() {
            return "cancel " + workloadId;
        }
    }

    /** Evict a Kubernetes pod (PodDisruptionBudgets respected). */
    record Evict(String workloadId) implements Reclaim {
        @Override
        public String describe() {
            return "evict " + workloadId;
        }
    }

    /** One GPU instance of a re-slice: MIG profile id and the memory slice it starts at. */
    record SliceRequest(int profileId, int placementStart) {}
}

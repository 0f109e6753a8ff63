package io.headroom.agent.simulated;

import io.headroom.agent.operations.OperationHandler;
import io.headroom.agent.simulator.FleetSimulator;
import io.headroom.agent.workloads.WorkloadBook;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import java.time.InstantSource;
import java.util.List;

/**
 * Operations against the simulated fleet: the simulator plays the scheduler, and the plan
 * shows the Slurm commands a real agent with the Slurm backend would run.
 */
public final class SimulatedOperations implements OperationHandler {

    private final FleetSimulator simulator;
    private final SimulatedReclaim reclaim;

    /** Operations on a simulator whose workloads no agent serves (reclaiming still ends its jobs). */
    public SimulatedOperations(FleetSimulator simulator) {
        this(simulator, new SimulatedWorkloads(simulator, new WorkloadBook()), InstantSource.system());
    }

    /** @param workloads refreshed at once when an operation ends a job, so GetWorkloads shows it gone */
    public SimulatedOperations(FleetSimulator simulator, SimulatedWorkloads workloads, InstantSource clock) {
        this.simulator = simulator;
        this.reclaim = new SimulatedReclaim(simulator, workloads, clock);
    }

    /** The owners the simulator would have notified, oldest first (at most the last 1,000). */
    public List<String> notifications() {
        return reclaim.notifications().stream()
                .map(n -> n.owner() + " about " + n.workloadId() + ": " + n.note())
                .toList();
    }

    @Override
    public long generation(String host) {
        return Math.max(0, simulator.generation(host));
    }

    @Override
    public ExecuteResponse execute(ExecuteRequest request) {
        String host = request.getHostname();
        long generation = simulator.generation(host);
        if (generation < 0) {
            return respond(ExecuteStatus.EXECUTE_STATUS_REJECTED, "unknown node " + host, List.of(), 0);
        }
        // 0 means "whatever it is now": tools such as grpcurl have no generation to send.
        if (request.getExpectedGeneration() != 0 && request.getExpectedGeneration() != generation) {
            return respond(
                    ExecuteStatus.EXECUTE_STATUS_CONFLICT,
                    host + " changed since you looked: generation is " + generation + ", you saw "
                            + Long.toUnsignedString(request.getExpectedGeneration()),
                    List.of(),
                    generation);
        }
        return switch (request.getActionCase()) {
            case DRAIN -> drain(request);
            case RESUME -> resume(request);
            case REASSIGN -> reassign(request);
            case RESLICE -> reslice(request, generation);
            case NOTIFY_OWNER, REQUEUE, CANCEL, EVICT -> reclaim.execute(request, generation);
            case ACTION_NOT_SET ->
                respond(ExecuteStatus.EXECUTE_STATUS_REJECTED, "no action given", List.of(), generation);
        };
    }

    private ExecuteResponse drain(ExecuteRequest request) {
        String host = request.getHostname();
        String reason = request.getReason().isBlank() ? "<reason>" : request.getReason();
        List<String> plan = List.of("scontrol update NodeName=" + host + " State=DRAIN Reason=\"" + reason + "\"");
        if (request.getDryRun()) {
            // The dialog asks for the plan before the operator has typed why.
            return respond(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED, "would drain " + host, plan, simulator.generation(host));
        }
        if (request.getReason().isBlank()) {
            return respond(
                    ExecuteStatus.EXECUTE_STATUS_REJECTED,
                    "a drain needs a reason",
                    List.of(),
                    simulator.generation(host));
        }
        long generation = simulator.drain(host, request.getReason());
        return respond(
                ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS,
                host + " is draining; running jobs finish first",
                plan,
                generation);
    }

    private ExecuteResponse resume(ExecuteRequest request) {
        String host = request.getHostname();
        List<String> plan = List.of("scontrol update NodeName=" + host + " State=RESUME");
        if (request.getDryRun()) {
            return respond(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED, "would resume " + host, plan, simulator.generation(host));
        }
        return respond(ExecuteStatus.EXECUTE_STATUS_APPLIED, host + " resumed", plan, simulator.resume(host));
    }

    private ExecuteResponse reassign(ExecuteRequest request) {
        String host = request.getHostname();
        var reassign = request.getReassign();
        if (!reassign.getGpuIndicesList().isEmpty()) {
            return respond(
                    ExecuteStatus.EXECUTE_STATUS_REJECTED,
                    "the simulated scheduler moves whole nodes only",
                    List.of(),
                    simulator.generation(host));
        }
        String pool = reassign.getPool().isBlank() ? null : reassign.getPool();
        String tenant = reassign.getTenant().isBlank() ? null : reassign.getTenant();
        if (pool == null && tenant == null) {
            return respond(
                    ExecuteStatus.EXECUTE_STATUS_REJECTED,
                    "reassign needs a pool or a tenant",
                    List.of(),
                    simulator.generation(host));
        }
        List<String> plan = pool == null
                ? List.of("set tenant of " + host + " to " + tenant)
                : List.of("scontrol update PartitionName=" + pool + " Nodes+=" + host);
        if (request.getDryRun()) {
            return respond(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED, "would move " + host, plan, simulator.generation(host));
        }
        return respond(
                ExecuteStatus.EXECUTE_STATUS_APPLIED, host + " moved", plan, simulator.reassign(host, pool, tenant));
    }

    /**
     * Plans a re-slice with the real MIG planner, as a Slurm agent would (the node must be
     * drained); the simulated GPUs keep their layout, so a real run is refused after the plan.
     */
    private ExecuteResponse reslice(ExecuteRequest request, long generation) {
        String host = request.getHostname();
        int index = request.getReslice().getGpuIndex();
        var node = simulator.inventory().nodes().stream()
                .filter(n -> n.hostname().equals(host))
                .findFirst();
        var gpu = node.flatMap(
                n -> n.accelerators().stream().filter(a -> a.index() == index).findFirst());
        if (gpu.isEmpty()) {
            return respond(ExecuteStatus.EXECUTE_STATUS_REJECTED, host + " has no GPU " + index, List.of(), generation);
        }
        List<int[]> wanted = request.getReslice().getSlicesList().stream()
                .map(s -> new int[] {s.getProfileId(), s.getPlacementStart()})
                .toList();
        io.headroom.core.mig.MigPlan plan;
        try {
            plan = new io.headroom.core.mig.MigPlanner("nvidia-smi", io.headroom.core.mig.MigPlanner.Owner.SLURM)
                    .plan(
                            new io.headroom.core.mig.MigPlanner.GpuNow(
                                    gpu.get(), simulator.schedulerState(host), false, false),
                            wanted);
        } catch (io.headroom.core.mig.MigLayoutProblem problem) {
            return respond(ExecuteStatus.EXECUTE_STATUS_REJECTED, problem.getMessage(), List.of(), generation);
        }
        if (request.getDryRun()) {
            return respond(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED,
                    "would re-slice GPU " + index + " of " + host,
                    plan.describe(),
                    generation);
        }
        return respond(
                ExecuteStatus.EXECUTE_STATUS_REJECTED,
                "the simulated GPUs keep their MIG layout: run this plan"
                        + " on a real agent (Slurm or standalone backend)",
                plan.describe(),
                generation);
    }

    private static ExecuteResponse respond(ExecuteStatus status, String message, List<String> plan, long generation) {
        return ExecuteResponse.newBuilder()
                .setStatus(status)
                .setMessage(message)
                .addAllPlan(plan)
                .setGeneration(generation)
                .build();
    }
}

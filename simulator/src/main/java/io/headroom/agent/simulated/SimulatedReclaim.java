package io.headroom.agent.simulated;

import io.headroom.agent.simulator.FleetSimulator;
import io.headroom.agent.simulator.RunningJob;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadKind;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Reclaiming GPUs from the simulated jobs: notify the owner, requeue or cancel a Slurm job, evict
 * a pod. The simulator plays both schedulers, so requeue, cancel and evict really end the job
 * (its GPUs are free at once); the plan shows the command the real scheduler would be given and
 * what the owner loses.
 */
final class SimulatedReclaim {

    /** Notifications kept for tests and the console's demo; the oldest go first. */
    static final int KEPT_NOTIFICATIONS = 1_000;

    /** A notification the simulator would have sent. */
    record Notification(Instant at, String workloadId, String owner, String note, String requester) {}

    private final FleetSimulator simulator;
    private final SimulatedWorkloads workloads;
    private final InstantSource clock;
    private final ArrayDeque<Notification> notifications = new ArrayDeque<>();

    SimulatedReclaim(FleetSimulator simulator, SimulatedWorkloads workloads, InstantSource clock) {
        this.simulator = simulator;
        this.workloads = workloads;
        this.clock = clock;
    }

    synchronized List<Notification> notifications() {
        return List.copyOf(notifications);
    }

    ExecuteResponse execute(ExecuteRequest request, long generation) {
        String id = switch (request.getActionCase()) {
            case NOTIFY_OWNER -> request.getNotifyOwner().getWorkloadId();
            case REQUEUE -> request.getRequeue().getWorkloadId();
            case CANCEL -> request.getCancel().getWorkloadId();
            case EVICT -> request.getEvict().getWorkloadId();
            default -> throw new IllegalArgumentException("not a reclaim action: " + request.getActionCase());
        };
        var found = simulator.runningJob(id);
        if (found.isEmpty()) {
            return answer(
                    ExecuteStatus.EXECUTE_STATUS_REJECTED,
                    "no running workload " + id + " on this simulator (it may have ended already)",
                    List.of(),
                    generation);
        }
        RunningJob job = found.get();
        return switch (request.getActionCase()) {
            case NOTIFY_OWNER -> notifyOwner(request, job, generation);
            case REQUEUE -> requeue(request, job, generation);
            case CANCEL -> cancel(request, job, generation);
            default -> evict(request, job, generation);
        };
    }

    private ExecuteResponse notifyOwner(ExecuteRequest request, RunningJob job, long generation) {
        Workload w = job.workload();
        String note = request.getNotifyOwner().getNote().isBlank()
                ? "your " + kindOf(w) + " " + w.getSchedulerId() + " holds " + holds(w) + idleText(job)
                        + "; please release them if you are done"
                : request.getNotifyOwner().getNote();
        List<String> plan = List.of("notify " + w.getUser() + " (owner of " + w.getId() + "): " + note);
        if (request.getDryRun()) {
            return answer(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED,
                    "would notify " + w.getUser() + " about " + kindOf(w) + " " + w.getSchedulerId(),
                    plan,
                    generation);
        }
        synchronized (this) {
            if (notifications.size() == KEPT_NOTIFICATIONS) {
                notifications.removeFirst();
            }
            notifications.addLast(
                    new Notification(clock.instant(), w.getId(), w.getUser(), note, request.getRequester()));
        }
        return answer(
                ExecuteStatus.EXECUTE_STATUS_APPLIED,
                "notified " + w.getUser() + " about " + kindOf(w) + " " + w.getSchedulerId()
                        + " (simulated: no webhook)",
                plan,
                generation);
    }

    private ExecuteResponse requeue(ExecuteRequest request, RunningJob job, long generation) {
        Workload w = job.workload();
        if (w.getKind() != WorkloadKind.WORKLOAD_KIND_SLURM_JOB) {
            return answer(
                    ExecuteStatus.EXECUTE_STATUS_REJECTED,
                    w.getId() + " is a Kubernetes pod, which Slurm cannot requeue: evict it instead",
                    List.of(),
                    generation);
        }
        if (!w.getRequeueable()) {
            return answer(
                    ExecuteStatus.EXECUTE_STATUS_REJECTED,
                    "Slurm job " + w.getSchedulerId() + " of " + w.getUser() + " was submitted without requeue"
                            + " (--no-requeue): cancel it instead, or ask " + w.getUser() + " to release it",
                    List.of(),
                    generation);
        }
        List<String> plan = List.of(
                "scontrol requeue " + w.getSchedulerId(),
                "the job goes back to the queue and keeps its place (its priority and submit time); " + lostWork(job));
        return end(request, job, "requeue", "requeued", plan, generation);
    }

    private ExecuteResponse cancel(ExecuteRequest request, RunningJob job, long generation) {
        Workload w = job.workload();
        if (w.getKind() != WorkloadKind.WORKLOAD_KIND_SLURM_JOB) {
            return answer(
                    ExecuteStatus.EXECUTE_STATUS_REJECTED,
                    w.getId() + " is a Kubernetes pod, not a Slurm job: evict it instead",
                    List.of(),
                    generation);
        }
        List<String> plan = List.of(
                "scancel " + w.getSchedulerId(),
                "the job does not run again unless " + w.getUser() + " submits it again; " + lostWork(job));
        return end(request, job, "cancel", "cancelled", plan, generation);
    }

    private ExecuteResponse evict(ExecuteRequest request, RunningJob job, long generation) {
        Workload w = job.workload();
        if (w.getKind() != WorkloadKind.WORKLOAD_KIND_KUBERNETES_POD) {
            return answer(
                    ExecuteStatus.EXECUTE_STATUS_REJECTED,
                    w.getId() + " is a Slurm job, not a pod: requeue or cancel it instead",
                    List.of(),
                    generation);
        }
        String loses = switch (w.getOwnerKind()) {
            case "Deployment" ->
                "the Deployment " + w.getOwnerName() + " starts a replacement pod, which may take these GPUs"
                        + " again unless the node is drained; requests in flight on this replica fail";
            case "Notebook" ->
                "the notebook's kernel state (variables, unsaved cells) is lost; files on its volume are kept";
            case "Job" ->
                "the Job " + w.getOwnerName() + " retries the pod; " + duration(job.minutesRun())
                        + " of its work is lost unless it checkpoints";
            default -> "the pod is gone; whatever owns it decides whether it comes back";
        };
        List<String> plan = List.of(
                "POST /api/v1/namespaces/" + w.getNamespace() + "/pods/" + w.getSchedulerId() + "/eviction", loses);
        return end(request, job, "evict", "evicted", plan, generation);
    }

    /** Plans, or carries out, an action that ends the job. */
    private ExecuteResponse end(
            ExecuteRequest request, RunningJob job, String verb, String done, List<String> plan, long generation) {
        Workload w = job.workload();
        String what = kindOf(w) + " " + w.getSchedulerId() + " of " + w.getUser();
        if (request.getDryRun()) {
            return answer(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED,
                    "would " + verb + " " + what + ", which holds " + holds(w) + idleText(job),
                    plan,
                    generation);
        }
        if (!simulator.endJob(w.getId())) {
            return answer(
                    ExecuteStatus.EXECUTE_STATUS_REJECTED,
                    "no running workload " + w.getId() + " on this simulator (it ended meanwhile)",
                    List.of(),
                    generation);
        }
        workloads.refresh();
        return answer(
                ExecuteStatus.EXECUTE_STATUS_APPLIED, done + " " + what + ": " + holds(w) + " free", plan, generation);
    }

    private static String lostWork(RunningJob job) {
        int lost = job.minutesSinceCheckpoint() >= 0 ? job.minutesSinceCheckpoint() : job.minutesRun();
        return duration(lost) + " of work since the last checkpoint is lost unless the job checkpoints";
    }

    private static String kindOf(Workload w) {
        return switch (w.getKind()) {
            case WORKLOAD_KIND_SLURM_JOB -> "Slurm job";
            case WORKLOAD_KIND_KUBERNETES_POD -> "Notebook".equals(w.getOwnerKind()) ? "notebook pod" : "pod";
            default -> "process";
        };
    }

    /** "8 GPUs on 1 node", "1 MIG slice on gpu-h1-a03-n5". */
    static String holds(Workload w) {
        long slices =
                w.getHoldingsList().stream().filter(Holding::hasGpuInstanceId).count();
        long gpus = w.getHoldingsCount() - slices;
        List<String> hosts = w.getHoldingsList().stream()
                .map(Holding::getHostname)
                .distinct()
                .toList();
        String units = (gpus > 0 ? gpus + (gpus == 1 ? " GPU" : " GPUs") : "")
                + (gpus > 0 && slices > 0 ? " and " : "")
                + (slices > 0 ? slices + (slices == 1 ? " MIG slice" : " MIG slices") : "");
        return units + " on " + (hosts.size() == 1 ? hosts.getFirst() : hosts.size() + " nodes");
    }

    private static String idleText(RunningJob job) {
        return job.idleMinutes() > 0 ? ", idle for " + duration(job.idleMinutes()) : "";
    }

    /** "4 h 12 min", "35 min". */
    static String duration(int minutes) {
        return minutes >= 60 ? minutes / 60 + " h " + minutes % 60 + " min" : minutes + " min";
    }

    private static ExecuteResponse answer(ExecuteStatus status, String message, List<String> plan, long generation) {
        return ExecuteResponse.newBuilder()
                .setStatus(status)
                .setMessage(message)
                .addAllPlan(plan)
                .setGeneration(generation)
                .build();
    }
}

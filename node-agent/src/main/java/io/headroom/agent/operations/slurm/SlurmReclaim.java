package io.headroom.agent.operations.slurm;

import io.headroom.agent.operations.Answers;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Taking GPUs back from a Slurm job on this node: requeue ({@code scontrol requeue}) or cancel
 * ({@code scancel}). Only a job Slurm places on the node the request names; the answer says
 * what the owner loses (the run so far) before anything is done.
 */
final class SlurmReclaim {

    /** {@code slurm:<cluster>:<job>}, the job as {@code 4242}, {@code 4242_7} or {@code 4242+1}. */
    private static final Pattern WORKLOAD = Pattern.compile("slurm:([^:]{1,128}):([0-9]{1,12}(?:[_+][0-9]{1,12})?)");

    private static final Set<String> QUEUED = Set.of("PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED");
    private static final Set<String> ENDED = Set.of("CANCELLED", "COMPLETED", "FAILED", "TIMEOUT", "PREEMPTED");

    private final Scontrol scontrol;
    private final SlurmJobs jobs;

    SlurmReclaim(Scontrol scontrol, SlurmJobs jobs) {
        this.scontrol = scontrol;
        this.jobs = jobs;
    }

    ExecuteResponse requeue(ExecuteRequest request, long generation) throws Scontrol.ScontrolException {
        String workloadId = request.getRequeue().getWorkloadId();
        Found found = find(workloadId, request.getHostname(), generation);
        if (found.refusal() != null) {
            return found.refusal();
        }
        SlurmJob job = found.job();
        List<String> argv = scontrol.command("requeue", job.schedulerId());
        List<String> plan = List.of(Scontrol.display(argv));
        if (!job.requeueable()) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_REJECTED,
                    "Slurm job " + describe(job) + " cannot be requeued: it was submitted with --no-requeue"
                            + " (Requeue=0); cancel it instead, or ask " + owner(job) + " to resubmit it",
                    plan,
                    generation);
        }
        if (request.getDryRun()) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED,
                    "would put Slurm job " + describe(job) + " back in the queue; it starts over when it runs"
                            + " again, so " + owner(job) + " loses " + runSoFar(job)
                            + " unless the job saves its own progress",
                    plan,
                    generation);
        }
        try {
            scontrol.run(argv);
        } catch (Scontrol.ScontrolException e) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_REJECTED,
                    "Slurm refused to requeue job " + job.schedulerId() + ": " + e.getMessage(),
                    plan,
                    generation);
        }
        String now = jobs.find(job.jobId()).map(SlurmJob::state).orElse("gone");
        return QUEUED.contains(now)
                ? Answers.answer(
                        ExecuteStatus.EXECUTE_STATUS_APPLIED,
                        "Slurm job " + describe(job) + " is back in the queue (" + now + "); its GPUs on "
                                + request.getHostname() + " are free",
                        plan,
                        generation)
                : Answers.answer(
                        ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS,
                        "Slurm took the requeue of job " + job.schedulerId() + "; it is " + now + " while it ends",
                        plan,
                        generation);
    }

    ExecuteResponse cancel(ExecuteRequest request, long generation) throws Scontrol.ScontrolException {
        String workloadId = request.getCancel().getWorkloadId();
        Found found = find(workloadId, request.getHostname(), generation);
        if (found.refusal() != null) {
            return found.refusal();
        }
        SlurmJob job = found.job();
        List<String> argv = List.of(scontrol.sibling("scancel"), job.schedulerId());
        List<String> plan = List.of(Scontrol.display(argv));
        if (request.getDryRun()) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED,
                    "would cancel Slurm job " + describe(job) + "; it ends for good, and " + owner(job) + " loses "
                            + runSoFar(job) + " unless the job saves its own progress",
                    plan,
                    generation);
        }
        try {
            scontrol.run(argv);
        } catch (Scontrol.ScontrolException e) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_REJECTED,
                    "Slurm refused to cancel job " + job.schedulerId() + ": " + e.getMessage(),
                    plan,
                    generation);
        }
        Optional<SlurmJob> after = jobs.find(job.jobId());
        String now = after.map(SlurmJob::state).orElse("gone");
        return after.isEmpty() || ENDED.contains(now)
                ? Answers.answer(
                        ExecuteStatus.EXECUTE_STATUS_APPLIED,
                        "Slurm job " + describe(job) + " is cancelled; its GPUs on " + request.getHostname()
                                + " are free",
                        plan,
                        generation)
                : Answers.answer(
                        ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS,
                        "Slurm is ending job " + job.schedulerId() + " (" + now + ")",
                        plan,
                        generation);
    }

    private record Found(SlurmJob job, ExecuteResponse refusal) {}

    private Found find(String workloadId, String host, long generation) throws Scontrol.ScontrolException {
        Matcher m = WORKLOAD.matcher(workloadId);
        if (!m.matches()) {
            return refuse(
                    "'" + cut(workloadId) + "' is not a Slurm job's workload id (slurm:<cluster>:<job id>)",
                    generation);
        }
        String cluster = jobs.cluster();
        if (!m.group(1).equals(cluster)) {
            return refuse(
                    "workload " + workloadId + " is a job of Slurm cluster '" + m.group(1) + "'; " + host
                            + " is in cluster '" + cluster + "'",
                    generation);
        }
        String schedulerId = m.group(2);
        return jobs.on(host).stream()
                .filter(job -> job.schedulerId().equals(schedulerId))
                .findFirst()
                .map(job -> new Found(job, null))
                .orElseGet(() -> refuse(
                        "no Slurm job " + schedulerId + " runs on " + host + " (workload " + workloadId
                                + "); it may have ended, or it runs elsewhere",
                        generation));
    }

    private static Found refuse(String why, long generation) {
        return new Found(null, Answers.rejected(why, generation));
    }

    private static String describe(SlurmJob job) {
        return job.schedulerId() + " (" + (job.name().isEmpty() ? "no name" : "'" + job.name() + "'") + " of "
                + owner(job) + (job.account().isEmpty() ? "" : ", account " + job.account()) + ")";
    }

    private static String owner(SlurmJob job) {
        return job.user().isEmpty() ? "its owner" : job.user();
    }

    private static String runSoFar(SlurmJob job) {
        return job.runTimeMs() < 0
                ? "the time it has run so far"
                : "the " + Durations.words(job.runTimeMs()) + " it has run so far";
    }

    private static String cut(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}

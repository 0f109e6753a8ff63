package io.headroom.agent.operations.slurm;

import io.headroom.agent.operations.Answers;
import io.headroom.agent.operations.Generations;
import io.headroom.agent.operations.OperationHandler;
import io.headroom.agent.operations.command.CommandRunner;
import io.headroom.agent.operations.mig.Reslicing;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.mig.MigPlanner;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * Drain, resume, reassign, re-slice, requeue and cancel through Slurm's own {@code scontrol}
 * and {@code scancel}: the agent never
 * goes around the scheduler. State is read back from {@code scontrol show node} after every
 * change, so a drain with jobs still running answers IN_PROGRESS (DRAINING), not APPLIED.
 */
public final class SlurmOperations implements OperationHandler {

    /** Slurm's node names are hostnames without spaces or shell characters; anything else is refused. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final Scontrol scontrol;
    private final Generations generations;
    private final BiFunction<String, Integer, Optional<Accelerator>> gpus;
    private final BiPredicate<String, Integer> busy;
    private final Reslicing reslicing;
    private final SlurmJobs jobs;
    private final SlurmReclaim reclaim;

    /**
     * @param gpus the GPU with this index on this node, from the agent's inventory
     * @param busy whether that GPU is above the idle threshold now
     */
    public SlurmOperations(
            Scontrol scontrol,
            Generations generations,
            BiFunction<String, Integer, Optional<Accelerator>> gpus,
            BiPredicate<String, Integer> busy,
            String nvidiaSmi,
            CommandRunner runner,
            Duration stepTimeout) {
        this.scontrol = scontrol;
        this.generations = generations;
        this.gpus = gpus;
        this.busy = busy;
        this.reslicing = new Reslicing(nvidiaSmi, MigPlanner.Owner.SLURM, runner, stepTimeout);
        this.jobs = new SlurmJobs(scontrol, java.time.ZoneId.systemDefault());
        this.reclaim = new SlurmReclaim(scontrol, jobs);
    }

    /** The jobs on a node and the GPUs they hold, read with the same scontrol. */
    public SlurmJobs jobs() {
        return jobs;
    }

    /** Reads the node from Slurm and moves its generation on if Slurm's view changed. */
    public Observed observe(String host) throws Scontrol.ScontrolException {
        SlurmNode node = scontrol.showNode(host);
        return new Observed(node, generations.observe(host, fingerprint(node)));
    }

    public record Observed(SlurmNode node, long generation) {}

    /** The node's state as the console should show it, UNKNOWN when Slurm cannot be asked. */
    public SchedulerState observeQuietly(String host) {
        try {
            return observe(host).node().schedulerState();
        } catch (Scontrol.ScontrolException e) {
            return SchedulerState.UNKNOWN;
        }
    }

    private static String fingerprint(SlurmNode node) {
        return node.schedulerState() + "|" + String.join(",", node.partitions());
    }

    @Override
    public long generation(String host) {
        return generations.current(host);
    }

    @Override
    public ExecuteResponse execute(ExecuteRequest request) {
        String host = request.getHostname();
        if (!NAME.matcher(host).matches()) {
            return Answers.rejected("'" + host + "' is not a Slurm node name", 0);
        }
        Observed before;
        try {
            before = observe(host);
        } catch (Scontrol.ScontrolException e) {
            return Answers.rejected(e.getMessage(), generations.current(host));
        }
        ExecuteResponse conflict = Answers.conflictUnless(
                request.getExpectedGeneration(),
                before.generation(),
                host,
                before.node().schedulerState().name().toLowerCase(java.util.Locale.ROOT));
        if (conflict != null) {
            return conflict;
        }
        try {
            return switch (request.getActionCase()) {
                case DRAIN -> drain(request, before);
                case RESUME -> resume(request, before);
                case REASSIGN -> reassign(request, before);
                case RESLICE -> reslice(request, before);
                case REQUEUE -> reclaim.requeue(request, before.generation());
                case CANCEL -> reclaim.cancel(request, before.generation());
                case EVICT ->
                    Answers.rejected(
                            "evict is for Kubernetes pods; this node is run by Slurm (requeue or cancel the job)",
                            before.generation());
                // Telling the owner is the layer above's work (its webhooks); nothing here sends messages.
                case NOTIFY_OWNER -> Answers.rejected("no notifier configured", before.generation());
                case ACTION_NOT_SET -> Answers.rejected("no action given", before.generation());
            };
        } catch (Scontrol.ScontrolException e) {
            return Answers.rejected(e.getMessage(), generations.current(host));
        }
    }

    private ExecuteResponse drain(ExecuteRequest request, Observed before) throws Scontrol.ScontrolException {
        String host = request.getHostname();
        String reason = request.getReason().isBlank() ? "<reason>" : oneLine(request.getReason());
        List<String> argv = scontrol.command("update", "NodeName=" + host, "State=DRAIN", "Reason=" + reason);
        List<String> plan = List.of(Scontrol.display(argv));
        if (request.getDryRun()) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED,
                    "would drain " + host + " (now " + describe(before.node()) + ")",
                    plan,
                    before.generation());
        }
        if (request.getReason().isBlank()) {
            return Answers.rejected("Slurm needs a reason to drain a node", before.generation());
        }
        scontrol.run(argv);
        return readBack(
                host,
                plan,
                after -> after.schedulerState() == SchedulerState.DRAINING
                        ? inProgress(host + " is draining: " + after.allocatedGpus() + " GPUs still held by jobs")
                        : applied(host + " is " + describe(after)));
    }

    private ExecuteResponse resume(ExecuteRequest request, Observed before) throws Scontrol.ScontrolException {
        String host = request.getHostname();
        List<String> argv = scontrol.command("update", "NodeName=" + host, "State=RESUME");
        List<String> plan = List.of(Scontrol.display(argv));
        if (request.getDryRun()) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED,
                    "would resume " + host + " (now " + describe(before.node()) + ")",
                    plan,
                    before.generation());
        }
        try {
            scontrol.run(argv);
        } catch (Scontrol.ScontrolException e) {
            if (!e.getMessage().contains("Invalid node state specified")) {
                throw e;
            }
            // Slurm's answer to resuming a node that is not drained or down.
            SlurmNode now = scontrol.showNode(host);
            long generation = generations.observe(host, fingerprint(now));
            return inService(now)
                    ? Answers.answer(
                            ExecuteStatus.EXECUTE_STATUS_APPLIED,
                            host + " is already in service (" + describe(now) + "): there was nothing to resume",
                            plan,
                            generation)
                    : Answers.answer(
                            ExecuteStatus.EXECUTE_STATUS_REJECTED,
                            "Slurm cannot resume " + host + " from the " + "state it is in (" + describe(now)
                                    + "); Slurm said: Invalid node state specified",
                            plan,
                            generation);
        }
        return readBack(
                host,
                plan,
                after -> applied(
                        respondingSoon(after)
                                ? host + " is resumed; Slurm lists it as idle but not responding yet ("
                                        + String.join("+", new java.util.TreeSet<>(after.states()))
                                        + "), as it does for a moment after a resume until the "
                                        + "node's slurmd checks in; if it stays so, look at slurmd on " + host
                                : host + " is " + describe(after)));
    }

    /** Taking jobs: neither drained nor down. */
    private static boolean inService(SlurmNode node) {
        return switch (node.schedulerState()) {
            case IDLE, MIXED, ALLOCATED -> true;
            default -> false;
        };
    }

    /** IDLE+NOT_RESPONDING (Slurm's "idle*"): what a resumed node shows until its slurmd answers. */
    private static boolean respondingSoon(SlurmNode node) {
        return node.states().contains("NOT_RESPONDING")
                && !node.states().contains("DOWN")
                && !node.states().contains("FAIL")
                && !node.states().contains("DRAIN");
    }

    /** Partition membership: add the node to the new partition and take it out of the others. */
    private ExecuteResponse reassign(ExecuteRequest request, Observed before) throws Scontrol.ScontrolException {
        String host = request.getHostname();
        var reassign = request.getReassign();
        if (!reassign.getGpuIndicesList().isEmpty()) {
            return Answers.rejected(
                    "Slurm partitions hold whole nodes; reassign the node, not single GPUs", before.generation());
        }
        if (!reassign.getTenant().isBlank()) {
            return Answers.rejected("Slurm has no tenants; use a partition (pool) or an account", before.generation());
        }
        String target = reassign.getPool();
        if (!NAME.matcher(target).matches()) {
            return Answers.rejected("'" + target + "' is not a partition name", before.generation());
        }
        if (before.node().partitions().equals(List.of(target))) {
            return applied(host + " is already in partition " + target + " only").toBuilder()
                    .setGeneration(before.generation())
                    .build();
        }
        List<List<String>> commands = new ArrayList<>();
        List<String> members = scontrol.partitionNodes(target);
        if (!members.contains(host)) {
            var joined = new ArrayList<>(members);
            joined.add(host);
            commands.add(scontrol.command("update", "PartitionName=" + target, "Nodes=" + String.join(",", joined)));
        }
        for (String old : before.node().partitions()) {
            if (!old.equals(target)) {
                var rest = new ArrayList<>(scontrol.partitionNodes(old));
                rest.remove(host);
                commands.add(scontrol.command("update", "PartitionName=" + old, "Nodes=" + String.join(",", rest)));
            }
        }
        List<String> plan = commands.stream().map(Scontrol::display).toList();
        if (request.getDryRun()) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED,
                    "would move " + host + " from "
                            + String.join(",", before.node().partitions()) + " to " + target,
                    plan,
                    before.generation());
        }
        for (List<String> command : commands) {
            scontrol.run(command); // adding first: a failure half way leaves the node in both, never in none
        }
        return readBack(
                host, plan, after -> applied(host + " is in partition " + String.join(",", after.partitions())));
    }

    private ExecuteResponse reslice(ExecuteRequest request, Observed before) {
        String host = request.getHostname();
        int index = request.getReslice().getGpuIndex();
        Optional<Accelerator> gpu = gpus.apply(host, index);
        if (gpu.isEmpty()) {
            return Answers.rejected(host + " has no GPU " + index, before.generation());
        }
        var now = new MigPlanner.GpuNow(
                gpu.get(), before.node().schedulerState(), before.node().allocatedGpus() > 0, busy.test(host, index));
        return reslicing.reslice(
                request,
                now,
                before.generation(),
                () -> generations.changed(
                        host,
                        fingerprint(before.node()) + "|mig" + index + "="
                                + request.getReslice().getSlicesCount()));
    }

    private ExecuteResponse readBack(
            String host, List<String> plan, java.util.function.Function<SlurmNode, ExecuteResponse> answer)
            throws Scontrol.ScontrolException {
        SlurmNode after = scontrol.showNode(host);
        long generation = generations.changed(host, fingerprint(after));
        return answer.apply(after).toBuilder()
                .addAllPlan(plan)
                .setGeneration(generation)
                .build();
    }

    /**
     * The reason as Slurm keeps it: one line of text. A line end or an escape would go on into
     * slurmctld's log and sinfo's output, where it could pass for a line of their own.
     */
    static String oneLine(String reason) {
        return reason.codePoints()
                .map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .replaceAll(" {2,}", " ")
                .strip();
    }

    private static ExecuteResponse applied(String message) {
        return Answers.answer(ExecuteStatus.EXECUTE_STATUS_APPLIED, message, List.of(), 0);
    }

    private static ExecuteResponse inProgress(String message) {
        return Answers.answer(ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS, message, List.of(), 0);
    }

    private static String describe(SlurmNode node) {
        return node.schedulerState().name().toLowerCase(java.util.Locale.ROOT) + " (Slurm: "
                + String.join("+", new java.util.TreeSet<>(node.states())) + ")";
    }
}

package io.headroom.agent.operations.standalone;

import io.headroom.agent.operations.Answers;
import io.headroom.agent.operations.OperationHandler;
import io.headroom.agent.operations.command.CommandRunner;
import io.headroom.agent.operations.mig.Reslicing;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.mig.MigPlanner;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Operations on a node no scheduler owns: the agent's own drained flag, pool and tenant,
 * kept in a {@link NodeBook} across restarts, and re-slicing by nvidia-smi when the GPU is idle.
 * A drain here only marks the node: with no scheduler there is nothing to stop new work but
 * the people who read the console, and the answer says so.
 */
public final class StandaloneOperations implements OperationHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StandaloneOperations.class);

    private final NodeBook book;
    private final Predicate<String> served;
    private final BiFunction<String, Integer, Optional<Accelerator>> gpus;
    private final BiPredicate<String, Integer> busy;
    private final Reslicing reslicing;

    /**
     * @param served whether this agent serves that node
     * @param gpus   the GPU with this index on this node
     * @param busy   whether that GPU is above the idle threshold now
     */
    public StandaloneOperations(
            NodeBook book,
            Predicate<String> served,
            BiFunction<String, Integer, Optional<Accelerator>> gpus,
            BiPredicate<String, Integer> busy,
            String nvidiaSmi,
            CommandRunner runner,
            Duration stepTimeout) {
        this.book = book;
        this.served = served;
        this.gpus = gpus;
        this.busy = busy;
        this.reslicing = new Reslicing(nvidiaSmi, MigPlanner.Owner.STANDALONE, runner, stepTimeout);
    }

    @Override
    public long generation(String host) {
        return served.test(host) ? book.get(host).generation() : 0;
    }

    @Override
    public ExecuteResponse execute(ExecuteRequest request) {
        String host = request.getHostname();
        if (!served.test(host)) {
            return Answers.rejected("this agent does not serve " + host, 0);
        }
        NodeBook.Entry now = book.get(host);
        ExecuteResponse conflict = Answers.conflictUnless(
                request.getExpectedGeneration(), now.generation(), host, now.drained() ? "drained" : "in service");
        if (conflict != null) {
            return conflict;
        }
        try {
            return switch (request.getActionCase()) {
                case DRAIN -> mark(request, now, true);
                case RESUME -> mark(request, now, false);
                case REASSIGN -> reassign(request, now);
                case RESLICE -> reslice(request, now);
                case NOTIFY_OWNER, REQUEUE, CANCEL, EVICT ->
                    Answers.rejected("this agent does not reclaim workloads yet", now.generation());
                case ACTION_NOT_SET -> Answers.rejected("no action given", now.generation());
            };
        } catch (IOException e) {
            return Answers.rejected(
                    "could not record the change, so it was not made: " + e.getMessage(), now.generation());
        }
    }

    private ExecuteResponse mark(ExecuteRequest request, NodeBook.Entry now, boolean drain) throws IOException {
        String host = request.getHostname();
        String step =
                (drain ? "mark " + host + " drained" : "mark " + host + " in service") + " in the agent's node state";
        if (request.getDryRun()) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED, "would " + step, List.of(step), now.generation());
        }
        if (drain && request.getReason().isBlank()) {
            return Answers.rejected("a drain needs a reason", now.generation());
        }
        NodeBook.Entry after = book.change(host, drain, null, null);
        return Answers.answer(
                ExecuteStatus.EXECUTE_STATUS_APPLIED,
                drain
                        ? host + " is marked drained; no scheduler owns it, so make sure nothing new is started on it"
                        : host + " is back in service",
                List.of(step),
                after.generation());
    }

    private ExecuteResponse reassign(ExecuteRequest request, NodeBook.Entry now) throws IOException {
        String host = request.getHostname();
        var reassign = request.getReassign();
        if (!reassign.getGpuIndicesList().isEmpty()) {
            return Answers.rejected("a standalone agent moves whole nodes, not single GPUs", now.generation());
        }
        String pool = reassign.getPool().isBlank() ? null : reassign.getPool().strip();
        String tenant =
                reassign.getTenant().isBlank() ? null : reassign.getTenant().strip();
        if (pool == null && tenant == null) {
            return Answers.rejected("reassign needs a pool or a tenant", now.generation());
        }
        String step = "set " + host + (pool == null ? "" : " pool=" + pool)
                + (tenant == null ? "" : " tenant=" + tenant) + " in the agent's node state";
        if (request.getDryRun()) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED, "would " + step, List.of(step), now.generation());
        }
        NodeBook.Entry after = book.change(host, now.drained(), pool, tenant);
        return Answers.answer(ExecuteStatus.EXECUTE_STATUS_APPLIED, host + " moved", List.of(step), after.generation());
    }

    private ExecuteResponse reslice(ExecuteRequest request, NodeBook.Entry now) {
        String host = request.getHostname();
        int index = request.getReslice().getGpuIndex();
        Optional<Accelerator> gpu = gpus.apply(host, index);
        if (gpu.isEmpty()) {
            return Answers.rejected(host + " has no GPU " + index, now.generation());
        }
        // No scheduler allocates here: only the GPU's own activity says whether it is in use.
        var gpuNow = new MigPlanner.GpuNow(
                gpu.get(), now.drained() ? SchedulerState.DRAINED : SchedulerState.IDLE, false, busy.test(host, index));
        return reslicing.reslice(request, gpuNow, now.generation(), () -> {
            try {
                return book.change(host, now.drained(), null, null).generation();
            } catch (IOException e) {
                // The GPU was re-sliced; only the generation bump was not saved. Say what is true.
                log.warn(
                        "re-sliced GPU {} of {} but could not save its new generation: {}",
                        index,
                        host,
                        e.getMessage());
                return now.generation();
            }
        });
    }
}

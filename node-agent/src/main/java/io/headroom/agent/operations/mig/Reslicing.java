package io.headroom.agent.operations.mig;

import io.headroom.agent.operations.Answers;
import io.headroom.agent.operations.command.CommandRunner;
import io.headroom.core.mig.MigLayoutProblem;
import io.headroom.core.mig.MigPlan;
import io.headroom.core.mig.MigPlanner;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A re-slice request the same way in every backend: plan it with the {@link MigPlanner}
 * (refused with the planner's reason), answer a dry run with the plan, or run it step by
 * step and answer with each step's outcome and the plan's notes.
 */
public final class Reslicing {

    private final MigPlanner planner;
    private final MigExecutor executor;

    public Reslicing(String nvidiaSmi, MigPlanner.Owner owner, CommandRunner runner, Duration stepTimeout) {
        this.planner = new MigPlanner(nvidiaSmi, owner);
        this.executor = new MigExecutor(runner, stepTimeout);
    }

    /**
     * Re-slices a GPU as the request asks.
     *
     * @param generation the node's generation now, for refusals and plans
     * @param changed    called once the commands ran, for the node's new generation
     */
    public ExecuteResponse reslice(
            ExecuteRequest request, MigPlanner.GpuNow now, long generation, LongSupplier changed) {
        var reslice = request.getReslice();
        List<int[]> wanted = reslice.getSlicesList().stream()
                .map(s -> new int[] {s.getProfileId(), s.getPlacementStart()})
                .toList();
        MigPlan plan;
        try {
            plan = planner.plan(now, wanted);
        } catch (MigLayoutProblem problem) {
            return Answers.rejected(problem.getMessage(), generation);
        }
        if (request.getDryRun()) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED,
                    "would re-slice GPU " + reslice.getGpuIndex() + " of " + request.getHostname(),
                    plan.describe(),
                    generation);
        }
        MigExecutor.Report report = executor.run(plan);
        List<String> lines = new ArrayList<>(report.steps());
        plan.notes().forEach(note -> lines.add("# " + note));
        return Answers.answer(
                report.succeeded() ? ExecuteStatus.EXECUTE_STATUS_APPLIED : ExecuteStatus.EXECUTE_STATUS_REJECTED,
                report.summary(),
                lines,
                changed.getAsLong());
    }
}

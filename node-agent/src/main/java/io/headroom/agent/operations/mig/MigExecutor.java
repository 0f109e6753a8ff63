package io.headroom.agent.operations.mig;

import io.headroom.agent.operations.command.CommandResult;
import io.headroom.agent.operations.command.CommandRunner;
import io.headroom.core.mig.MigPlan;
import io.headroom.core.mig.MigStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a re-slice plan step by step, each with a timeout, and stops at the first failure.
 * The report says which steps ran, which failed and how, and what that leaves on the GPU,
 * so nobody has to guess its state.
 */
public final class MigExecutor {

    /** What happened, step by step. */
    public record Report(boolean succeeded, List<String> steps, String summary) {}

    private final CommandRunner runner;
    private final Duration stepTimeout;

    public MigExecutor(CommandRunner runner, Duration stepTimeout) {
        this.runner = runner;
        this.stepTimeout = stepTimeout;
    }

    public Report run(MigPlan plan) {
        List<String> lines = new ArrayList<>();
        List<MigStep> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            MigStep step = steps.get(i);
            String header = "step " + (i + 1) + "/" + steps.size() + " " + step.commandLine();
            CommandResult result;
            try {
                result = runner.run(step.argv(), stepTimeout);
            } catch (CommandRunner.CommandFailedToStart e) {
                lines.add(header + ": not run: " + e.getMessage());
                return new Report(false, lines, failedSummary(plan, i, e.getMessage()));
            }
            if (!result.succeeded()) {
                lines.add(header + ": " + result.failure());
                return new Report(false, lines, failedSummary(plan, i, result.failure()));
            }
            lines.add(header + ": ok");
        }
        return new Report(
                true,
                lines,
                "GPU " + plan.gpuIndex() + " re-sliced: "
                        + plan.layout().instances().size() + " GPU instances created");
    }

    /** What the GPU holds after step {@code failed} (0-based) did not complete. */
    private static String failedSummary(MigPlan plan, int failed, String why) {
        String purpose = plan.steps().get(failed).purpose();
        boolean destroyedBefore =
                plan.steps().subList(0, failed).stream().anyMatch(s -> s.argv().contains("-dgi"));
        String state;
        if (plan.steps().get(failed).argv().contains("-cgi")) {
            state = (destroyedBefore ? "its old GPU instances are gone and " : "")
                    + "the new ones may be partly created";
        } else if (failed == 0) {
            state = "nothing was changed";
        } else if (destroyedBefore) {
            state = "its old GPU instances are gone and the new ones were not created: GPU " + plan.gpuIndex()
                    + " has no MIG instances now";
        } else {
            state = "its compute instances are gone but its GPU instances remain";
        }
        return "re-slice of GPU " + plan.gpuIndex() + " stopped at step " + (failed + 1) + " (" + purpose + "): " + why
                + "; " + state + ". Check with 'nvidia-smi mig -lgi' and run the re-slice again.";
    }
}

package io.headroom.agent.operations.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.operations.Generations;
import io.headroom.agent.operations.command.CommandResult;
import io.headroom.agent.operations.command.CommandRunner;
import io.headroom.agent.operations.command.ProcessCommandRunner;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.Resume;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a real one-node Slurm answered in the trials, and what the agent now says: a
 * node just resumed shows IDLE+NOT_RESPONDING for a moment; resuming an idle node gets
 * "Invalid node state specified"; a NUL in a reason never reaches scontrol (and does not blame
 * the installation); a reason's line ends do not reach Slurm's node reason.
 */
class SlurmInOperatorWordsTest {

    /** scontrol as Slurm 23 answers on the test node "vm", state kept in a field. */
    private static final class OneNodeSlurm implements CommandRunner {
        String state;
        final List<List<String>> updates = new ArrayList<>();

        OneNodeSlurm(String state) {
            this.state = state;
        }

        @Override
        public CommandResult run(List<String> argv, Duration timeout) throws CommandFailedToStart {
            if (argv.stream().anyMatch(a -> a.indexOf('\0') >= 0)) {
                try {
                    new ProcessBuilder(argv).start(); // as the real runner: Java refuses, before any program runs
                } catch (IOException e) {
                    throw new CommandFailedToStart(e.getMessage(), e);
                }
            }
            List<String> args = argv.subList(1, argv.size());
            if (args.contains("show")) {
                return new CommandResult(
                        0,
                        "NodeName=vm Arch=x86_64 CPUTot=4 State=" + state + " Partitions=debug AllocTRES= Reason="
                                + (state.contains("DRAIN") ? "maintenance" : "") + "\n",
                        "",
                        false);
            }
            updates.add(args);
            if (args.contains("State=RESUME")) {
                if (!state.contains("DRAIN") && !state.contains("DOWN")) {
                    return new CommandResult(1, "", "slurm_update error: Invalid node state specified\n", false);
                }
                state = "IDLE+NOT_RESPONDING"; // until slurmd on the node checks in again
            } else if (args.contains("State=DRAIN")) {
                state = "IDLE+DRAIN";
            }
            return new CommandResult(0, "", "", false);
        }
    }

    private static SlurmOperations slurm(OneNodeSlurm scontrol) {
        return new SlurmOperations(
                new Scontrol("scontrol", scontrol, Duration.ofSeconds(5)),
                new Generations(),
                (host, index) -> Optional.empty(),
                (host, index) -> false,
                "nvidia-smi",
                new ProcessCommandRunner(),
                Duration.ofSeconds(5));
    }

    private static ExecuteRequest.Builder request(String key) {
        return ExecuteRequest.newBuilder()
                .setHostname("vm")
                .setIdempotencyKey(key)
                .setRequester("tester");
    }

    @Test
    void aNodeNotRespondingJustAfterItsResumeIsExplainedNotCalledDown() {
        var scontrol = new OneNodeSlurm("IDLE+DRAIN");
        ExecuteResponse answer = slurm(scontrol)
                .execute(request("r1").setResume(Resume.getDefaultInstance()).build());
        assertThat(answer.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(answer.getMessage())
                .doesNotContain("is down")
                .contains("vm is resumed; Slurm lists it as idle but not responding yet (IDLE+NOT_RESPONDING)")
                .contains("until the node's slurmd checks in");
    }

    @Test
    void resumingAnIdleNodeSaysItIsAlreadyInServiceNotSlurmsRawError() {
        var scontrol = new OneNodeSlurm("IDLE");
        ExecuteResponse answer = slurm(scontrol)
                .execute(request("r2").setResume(Resume.getDefaultInstance()).build());
        assertThat(answer.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(answer.getMessage())
                .isEqualTo("vm is already in service (idle (Slurm: IDLE)): there was nothing to resume");
        assertThat(answer.getGeneration()).isPositive();
    }

    @Test
    void aNulIsNotBlamedOnTheSlurmInstallation() {
        var scontrol = new OneNodeSlurm("IDLE");
        var wrapper = new Scontrol("scontrol", scontrol, Duration.ofSeconds(5));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> wrapper.run(wrapper.command("update", "NodeName=vm", "Reason=swap\0PSU")))
                .isInstanceOf(Scontrol.ScontrolException.class)
                .hasMessageContaining("contains a NUL character, which no program can be given")
                .hasMessageNotContaining("Slurm installed")
                .hasMessageNotContaining("scheduler.slurm.scontrol");
        // A drain's reason reaches Slurm as one line of text, without it.
        slurm(scontrol)
                .execute(request("d1")
                        .setReason("swap\0PSU")
                        .setDrain(Drain.getDefaultInstance())
                        .build());
        assertThat(scontrol.updates.getFirst()).contains("Reason=swap PSU");
    }

    @Test
    void scontrolThatCannotBeStartedNamesTheSettingThatExists() {
        var missing = new Scontrol("/nonexistent/scontrol", new ProcessCommandRunner(), Duration.ofSeconds(5));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> missing.showNode("vm"))
                .hasMessageContaining("is scheduler.scontrol in the agent's configuration the path of its scontrol?")
                .hasMessageNotContaining("scheduler.slurm.scontrol");
    }

    @Test
    void aReasonReachesSlurmAsOneLine() {
        var scontrol = new OneNodeSlurm("IDLE");
        slurm(scontrol)
                .execute(request("d2")
                        .setReason("PSU 2 failed\n12:00:00 slurmctld: fake line\u001b[31m")
                        .setDrain(Drain.getDefaultInstance())
                        .build());
        assertThat(scontrol.updates.getFirst()).contains("Reason=PSU 2 failed 12:00:00 slurmctld: fake line [31m");
    }
}

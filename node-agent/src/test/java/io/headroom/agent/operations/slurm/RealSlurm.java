package io.headroom.agent.operations.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.operations.command.CommandResult;
import io.headroom.agent.operations.command.ProcessCommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The real one-node Slurm {@code .ci/slurm-up} starts, for tests in any package: whether it
 * answers (a test is skipped, with the reason, where it does not, unless
 * HEADROOM_REQUIRE_SLURM=1 says it must), and jobs submitted as its two test users.
 */
public final class RealSlurm {

    private static final ProcessCommandRunner RUNNER = new ProcessCommandRunner();

    private RealSlurm() {}

    static boolean required() {
        return "1".equals(System.getenv("HEADROOM_REQUIRE_SLURM"));
    }

    /** Skips the test unless a Slurm controller answers; the node's name. */
    public static String nodeOrSkip() throws Exception {
        CommandResult ping;
        try {
            ping = RUNNER.run(List.of("scontrol", "ping"), Duration.ofSeconds(10));
        } catch (Exception e) {
            ping = new CommandResult(127, "", e.getMessage(), false);
        }
        boolean up = ping.succeeded() && ping.output().contains("UP");
        if (required()) {
            assertThat(up)
                    .as("HEADROOM_REQUIRE_SLURM=1 but no Slurm controller answers: " + ping.output() + ping.errors())
                    .isTrue();
        }
        Assumptions.assumeTrue(up, "no Slurm controller answers here (run .ci/slurm-up as root to start one)");
        return RUNNER.run(List.of("hostname", "-s"), Duration.ofSeconds(5))
                .output()
                .strip();
    }

    /** Skips the test unless the node has GPU GRES and both test users exist. */
    public static void twoUsersWithGpusOrSkip(String node) throws Exception {
        String shown = RUNNER.run(List.of("scontrol", "show", "node", node, "--oneliner"), Duration.ofSeconds(10))
                .output();
        Assumptions.assumeTrue(
                shown.contains("Gres=gpu"), "this Slurm node has no GPU GRES (.ci/slurm-up gives it 8 fake H100s)");
        Assumptions.assumeTrue(
                RUNNER.run(List.of("id", "headroom-alice"), Duration.ofSeconds(5))
                                .succeeded()
                        && RUNNER.run(List.of("id", "headroom-bob"), Duration.ofSeconds(5))
                                .succeeded(),
                "users headroom-alice and headroom-bob do not exist (.ci/slurm-up makes them)");
    }

    /** Submits {@code sleep 300} as {@code user} on {@code node} (runuser as root, else sudo without a password); its number. */
    public static String submitAs(String user, String node, String... options) throws Exception {
        boolean root = RUNNER.run(List.of("id", "-u"), Duration.ofSeconds(5))
                .output()
                .strip()
                .equals("0");
        List<String> argv =
                new ArrayList<>(root ? List.of("runuser", "-u", user, "--") : List.of("sudo", "-n", "-u", user));
        argv.addAll(List.of("sbatch", "-D", "/tmp", "-w", node, "-o", "/dev/null"));
        argv.addAll(List.of(options));
        argv.addAll(List.of("--wrap", "sleep 300"));
        CommandResult submitted = RUNNER.run(argv, Duration.ofSeconds(20));
        if (!submitted.succeeded() && !required()) {
            Assumptions.abort("cannot submit a job as " + user + " here: " + submitted.failure());
        }
        assertThat(submitted.succeeded()).as(submitted.failure()).isTrue();
        var number = Pattern.compile("Submitted batch job (\\d+)").matcher(submitted.output());
        assertThat(number.find()).as(submitted.output()).isTrue();
        return number.group(1);
    }

    /** The job's JobState as {@code scontrol show job} prints it; "gone" once Slurm has forgotten it. */
    public static String jobState(String jobId) throws Exception {
        String shown = RUNNER.run(List.of("scontrol", "show", "job", jobId, "--oneliner"), Duration.ofSeconds(10))
                .output();
        var state = Pattern.compile("JobState=(\\S+)").matcher(shown);
        return state.find() ? state.group(1) : "gone";
    }

    public static String scontrolShowJob(String jobId) throws Exception {
        return RUNNER.run(List.of("scontrol", "show", "job", jobId, "--oneliner"), Duration.ofSeconds(10))
                .output();
    }

    public static void cancel(String... jobIds) throws Exception {
        List<String> argv = new ArrayList<>(List.of("scancel"));
        argv.addAll(List.of(jobIds));
        RUNNER.run(argv, Duration.ofSeconds(10));
    }

    /** The job numbers squeue lists on the node now. */
    public static List<String> onNode(String node) throws Exception {
        return RUNNER.run(List.of("squeue", "-h", "-w", node, "-o", "%A"), Duration.ofSeconds(10))
                .output()
                .lines()
                .map(String::strip)
                .toList();
    }
}

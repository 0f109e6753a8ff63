package io.headroom.agent.operations.slurm;

import io.headroom.agent.operations.command.CommandResult;
import io.headroom.agent.operations.command.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * squeue, scontrol and scancel as a test needs them: jobs from the captured fixture, answers
 * set per command (matched by the end of the command line), every call recorded.
 */
final class ScriptedSlurm implements CommandRunner {

    private final Map<String, Function<List<String>, CommandResult>> answers = new HashMap<>();
    private final Map<String, String> jobs = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private String cluster = "";

    ScriptedSlurm() {
        for (String line : SlurmJobTest.capture()) {
            jobs.put(line.substring("JobId=".length(), line.indexOf(' ')), line);
        }
    }

    void cluster(String name) {
        this.cluster = name;
    }

    void onNode(String host, String... jobIds) {
        answer("squeue -h -w " + host, String.join("\n", jobIds) + "\n");
    }

    void job(String jobId, String line) {
        jobs.put(jobId, line);
    }

    void answer(String commandEnd, String output) {
        answers.put(commandEnd, argv -> new CommandResult(0, output, "", false));
    }

    void fail(String commandEnd, int exit, String errors) {
        answers.put(commandEnd, argv -> new CommandResult(exit, "", errors, false));
    }

    void on(String commandEnd, Function<List<String>, CommandResult> answer) {
        answers.put(commandEnd, answer);
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized CommandResult run(List<String> argv, Duration timeout) {
        String line = String.join(" ", argv);
        calls.add(line);
        String program = argv.getFirst().substring(argv.getFirst().lastIndexOf('/') + 1);
        String rest = program + " " + String.join(" ", argv.subList(1, argv.size()));
        for (var answer : answers.entrySet()) {
            if (rest.contains(answer.getKey())) {
                return answer.getValue().apply(argv);
            }
        }
        if (rest.startsWith("scontrol show config")) {
            return new CommandResult(
                    0,
                    "Configuration data as of 2026-12-05T23:30:00\nClusterName             = "
                            + (cluster.isEmpty() ? "(null)" : cluster) + "\nSlurmctldHost[0]        = vm\n",
                    "",
                    false);
        }
        if (rest.startsWith("scontrol -d show job ")) {
            String line2 = jobs.get(argv.get(argv.indexOf("job") + 1));
            return line2 == null
                    ? new CommandResult(1, "", "slurm_load_jobs error: Invalid job id specified\n", false)
                    : new CommandResult(0, line2 + "\n", "", false);
        }
        return new CommandResult(1, "", "ScriptedSlurm: no answer for " + line, false);
    }
}

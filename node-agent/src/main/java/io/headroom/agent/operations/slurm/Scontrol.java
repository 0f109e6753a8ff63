package io.headroom.agent.operations.slurm;

import io.headroom.agent.operations.command.CommandResult;
import io.headroom.agent.operations.command.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Slurm's {@code scontrol}, run as a program (path configurable), each call with a timeout. */
public final class Scontrol {

    /** What scontrol said when it did not do what was asked, with the command line. */
    public static final class ScontrolException extends Exception {
        public ScontrolException(String message) {
            super(message, null, false, false);
        }
    }

    /** Arguments a shell would take as they are; anything else is shown in quotes. */
    private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[A-Za-z0-9._,/:=+@%-]*");

    private final String program;
    private final CommandRunner runner;
    private final Duration timeout;

    public Scontrol(String program, CommandRunner runner, Duration timeout) {
        this.program = program;
        this.runner = runner;
        this.timeout = timeout;
    }

    public List<String> command(String... arguments) {
        var argv = new ArrayList<String>();
        argv.add(program);
        argv.addAll(List.of(arguments));
        return argv;
    }

    /** Another Slurm program beside scontrol ({@code squeue}, {@code scancel}): the same folder when one is named. */
    public String sibling(String name) {
        int slash = program.lastIndexOf('/');
        return slash < 0 ? name : program.substring(0, slash + 1) + name;
    }

    /** The command as a person would type it, quoting what has spaces: {@code Reason="GPU 3 XID 79"}. */
    public static String display(List<String> argv) {
        return String.join(
                " ",
                argv.stream()
                        .map(arg -> {
                            if (PLAIN.matcher(arg).matches()) {
                                return arg;
                            }
                            int eq = arg.indexOf('=');
                            String quoted = "\"" + arg.substring(eq + 1).replace("\"", "\\\"") + "\"";
                            return eq > 0 ? arg.substring(0, eq + 1) + quoted : quoted;
                        })
                        .toList());
    }

    public String run(List<String> argv) throws ScontrolException {
        for (String argument : argv) {
            if (argument.indexOf('\0') >= 0) {
                // Not Slurm's fault: no program can be given a NUL in an argument.
                throw new ScontrolException("an argument for scontrol contains a NUL character, which no program can be"
                        + " given: " + display(List.of(argument.replace('\0', ' '))));
            }
        }
        CommandResult result;
        try {
            result = runner.run(argv, timeout);
        } catch (CommandRunner.CommandFailedToStart e) {
            throw new ScontrolException(
                    e.getMessage() + " (is Slurm installed on this node, and is scheduler.scontrol in "
                            + "the agent's configuration the path of its scontrol?)");
        }
        if (!result.succeeded()) {
            throw new ScontrolException(display(argv) + " " + result.failure());
        }
        return result.output();
    }

    /** {@code scontrol -d show node}: the details add GresUsed, which GPUs jobs hold, by index. */
    public SlurmNode showNode(String host) throws ScontrolException {
        String output = run(command("-d", "show", "node", host, "--oneliner"));
        String line = output.lines()
                .filter(l -> l.startsWith("NodeName="))
                .findFirst()
                .orElseThrow(() -> new ScontrolException("scontrol show node " + host + " printed no node"));
        try {
            return SlurmNode.parse(line);
        } catch (IllegalArgumentException e) {
            throw new ScontrolException(e.getMessage());
        }
    }

    /** The partition's nodes, expanded from Slurm's host list ({@code gpu[01-03]} to three names). */
    public List<String> partitionNodes(String partition) throws ScontrolException {
        String output = run(command("show", "partition", partition, "--oneliner"));
        String nodes = "";
        for (String field : output.strip().split("\\s+", -1)) { // stripped: no empty fields either way
            if (field.startsWith("Nodes=")) {
                nodes = field.substring("Nodes=".length());
            }
        }
        if (output.isBlank() || !output.contains("PartitionName=")) {
            throw new ScontrolException("no Slurm partition '" + partition + "'");
        }
        if (nodes.isEmpty() || nodes.equals("(null)")) {
            return List.of();
        }
        return run(command("show", "hostnames", nodes))
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
    }
}

package io.headroom.bench;

import io.headroom.core.testing.ChildJvm;
import io.headroom.wire.AgentEndpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The simulated site on this machine: agent processes, each simulating a share of the GPUs,
 * optionally behind relays. Every child is killed when the benchmark ends, however it ends.
 */
public final class LocalFleet implements AutoCloseable {

    /** The agent's start line ends with where it listens: "... at 127.0.0.1:41234 (seed ...)" or "... on 127.0.0.1:41234". */
    private static final Pattern LISTENING =
            Pattern.compile(".*headroom-agent: (serving|relaying) .* (?:at|on) \\S+:(\\d+).*");

    private static final Pattern SERVED_GPUS = Pattern.compile("of ([\\d,]+) GPUs");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);

    private final List<ChildJvm> agents = new ArrayList<>();
    private final List<ChildJvm> relays = new ArrayList<>();
    /** Each child's start line, once it listens. */
    private final Map<ChildJvm, Matcher> listening = new HashMap<>();
    /** Relays one behind the other (the console reaches the last) rather than side by side. */
    private boolean chained;

    private final Thread killOnExit = Thread.ofPlatform().unstarted(this::killAll);

    private LocalFleet() {
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts {@code agentCount} simulators sharing {@code gpus} and, unless {@code relayCount}
     * is 0, relays each subscribed to a contiguous group of them.
     */
    static LocalFleet start(
            int gpus,
            int agentCount,
            int relayCount,
            long seed,
            Path agentJar,
            List<String> agentJvmOptions,
            List<String> relayJvmOptions,
            Path logs)
            throws IOException {
        var fleet = new LocalFleet();
        try {
            fleet.startAgents(gpus, agentCount, seed, agentJar, agentJvmOptions, List.of(), logs);
            for (int r = 0; r < relayCount; r++) {
                List<String> upstreams = new ArrayList<>();
                for (int k = r * agentCount / relayCount; k < (r + 1) * agentCount / relayCount; k++) {
                    upstreams.add("127.0.0.1:" + fleet.port(fleet.agents.get(k)));
                }
                fleet.relays.add(start(
                        "relay-" + (r + 1),
                        relayJvmOptions,
                        agentJar,
                        List.of("--relay", "--upstream", String.join(",", upstreams), "--port", "0"),
                        logs));
            }
            for (ChildJvm relay : fleet.relays) {
                fleet.listening.put(relay, relay.awaitLine(LISTENING, START_TIMEOUT));
            }
            return fleet;
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    /**
     * Starts {@code agentCount} simulators sharing {@code gpus} behind a chain of {@code chain}
     * relays: relay-1 subscribed to every agent, each next one to the one before; the console
     * connects to the last.
     */
    public static LocalFleet chained(
            int gpus,
            int agentCount,
            int chain,
            int intervalMs,
            long seed,
            Path agentJar,
            List<String> agentJvmOptions,
            List<String> relayJvmOptions,
            List<String> moreAgentArgs,
            Path logs)
            throws IOException {
        var fleet = new LocalFleet();
        fleet.chained = true;
        try {
            fleet.startAgents(
                    gpus,
                    agentCount,
                    seed,
                    agentJar,
                    agentJvmOptions,
                    Stream.concat(Stream.of("--interval-ms", Integer.toString(intervalMs)), moreAgentArgs.stream())
                            .toList(),
                    logs);
            List<String> upstreams = new ArrayList<>();
            for (ChildJvm agent : fleet.agents) {
                upstreams.add("127.0.0.1:" + fleet.port(agent));
            }
            for (int r = 1; r <= chain; r++) {
                ChildJvm relay = start(
                        "relay-" + r,
                        relayJvmOptions,
                        agentJar,
                        List.of("--relay", "--upstream", String.join(",", upstreams), "--port", "0"),
                        logs);
                fleet.relays.add(relay);
                fleet.listening.put(relay, relay.awaitLine(LISTENING, START_TIMEOUT));
                upstreams = List.of("127.0.0.1:" + fleet.port(relay));
            }
            return fleet;
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    private void startAgents(
            int gpus,
            int agentCount,
            long seed,
            Path agentJar,
            List<String> agentJvmOptions,
            List<String> moreArgs,
            Path logs)
            throws IOException {
        int perAgent = Math.ceilDiv(gpus, agentCount);
        for (int k = 1; k <= agentCount; k++) {
            List<String> args = new ArrayList<>(List.of(
                    "--simulate",
                    "--gpus",
                    Integer.toString(perAgent),
                    "--seed",
                    Long.toString(seed + k),
                    "--host-prefix",
                    "sim" + k + "-",
                    "--port",
                    "0"));
            args.addAll(moreArgs);
            agents.add(start("agent-" + k, agentJvmOptions, agentJar, args, logs));
        }
        for (ChildJvm agent : agents) {
            listening.put(agent, agent.awaitLine(LISTENING, START_TIMEOUT));
        }
    }

    /** The agent's jar in a JVM of its own, its output in {@code logs/NAME.log}. */
    private static ChildJvm start(String name, List<String> jvmOptions, Path agentJar, List<String> args, Path logs)
            throws IOException {
        return ChildJvm.ofJar(agentJar)
                .name(name)
                .jvmOptions(jvmOptions)
                .args(args)
                .logTo(logs.resolve(name + ".log"))
                .start();
    }

    private int port(ChildJvm child) {
        return Integer.parseInt(listening.get(child).group(2));
    }

    /** Where the console connects: the relays, or the agents themselves when there are none. */
    public List<AgentEndpoint> consoleEndpoints() {
        if (chained && !relays.isEmpty()) {
            return List.of(new AgentEndpoint("127.0.0.1", port(relays.getLast())));
        }
        return (relays.isEmpty() ? agents : relays)
                .stream().map(c -> new AgentEndpoint("127.0.0.1", port(c))).toList();
    }

    /** GPUs the agents say they simulate (each rounds its share up to whole racks). */
    public int simulatedGpus() {
        int total = 0;
        for (ChildJvm agent : agents) {
            Matcher m = SERVED_GPUS.matcher(listening.get(agent).group());
            if (m.find()) {
                total += Integer.parseInt(m.group(1).replace(",", ""));
            }
        }
        return total;
    }

    /** Agents first, then relays. */
    public List<ChildJvm> children() {
        List<ChildJvm> all = new ArrayList<>(agents);
        all.addAll(relays);
        return all;
    }

    private void killAll() {
        for (ChildJvm child : children()) {
            try {
                child.kill();
            } catch (InterruptedException | RuntimeException e) {
                // the JVM is going away: the next child still gets its SIGKILL
            }
        }
    }

    @Override
    public void close() {
        // Relays first, so they do not log a storm of reconnects to agents that are going away.
        for (ChildJvm relay : relays.reversed()) {
            relay.stop();
        }
        agents.forEach(ChildJvm::stop);
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }
}

package io.headroom.bench;

import io.headroom.bench.loadgen.ReplayCommand;
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
    /** The load generator standing in for the agents, when replayed; its agents' ports. */
    private ChildJvm replayer;

    private final List<Integer> replayedPorts = new ArrayList<>();
    private int replayedGpus;
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
            fleet.startRelays(fleet.agentAddresses(), relayCount, agentJar, relayJvmOptions, logs);
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
            fleet.startChain(fleet.agentAddresses(), chain, agentJar, relayJvmOptions, logs);
            return fleet;
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    /**
     * Starts the load generator ({@code replay}) serving {@code recording} at one round a second
     * in place of the agents, and relays before it: side by side ({@code chain} false: relay r
     * subscribed to a contiguous share of the replayed agents) or one behind the other.
     *
     * @param gpus GPUs the recording holds at least (each agent's share rounded up to whole racks)
     */
    static LocalFleet replayed(
            Path recording,
            int gpus,
            int relayCount,
            boolean chain,
            Path agentJar,
            List<String> replayerJvmOptions,
            List<String> relayJvmOptions,
            Path logs)
            throws IOException {
        var fleet = new LocalFleet();
        fleet.chained = chain;
        fleet.replayedGpus = gpus;
        try {
            fleet.replayer = ChildJvm.ofClass(ReplayCommand.class)
                    .name("replayer")
                    .jvmOptions(replayerJvmOptions)
                    .args(List.of(
                            "--recording",
                            recording.toString(),
                            "--rounds-per-second",
                            "1",
                            "--progress-seconds",
                            "10"))
                    .logTo(logs.resolve("replayer.log"))
                    .start();
            Matcher serving = fleet.replayer.awaitLine(ReplayCommand.SERVING, START_TIMEOUT);
            for (String port : serving.group(3).split(",")) {
                fleet.replayedPorts.add(Integer.parseInt(port));
            }
            List<String> upstreams = fleet.replayedPorts.stream()
                    .map(port -> "127.0.0.1:" + port)
                    .toList();
            if (chain) {
                fleet.startChain(upstreams, relayCount, agentJar, relayJvmOptions, logs);
            } else {
                fleet.startRelays(upstreams, relayCount, agentJar, relayJvmOptions, logs);
            }
            return fleet;
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    private List<String> agentAddresses() {
        return agents.stream().map(agent -> "127.0.0.1:" + port(agent)).toList();
    }

    /** Relays side by side, relay r subscribed to a contiguous share of the upstreams. */
    private void startRelays(
            List<String> upstreams, int relayCount, Path agentJar, List<String> relayJvmOptions, Path logs)
            throws IOException {
        int count = upstreams.size();
        for (int r = 0; r < relayCount; r++) {
            List<String> share = upstreams.subList(r * count / relayCount, (r + 1) * count / relayCount);
            relays.add(start(
                    "relay-" + (r + 1),
                    relayJvmOptions,
                    agentJar,
                    List.of("--relay", "--upstream", String.join(",", share), "--port", "0"),
                    logs));
        }
        for (ChildJvm relay : relays) {
            listening.put(relay, relay.awaitLine(LISTENING, START_TIMEOUT));
        }
    }

    /** Relays one behind the other: relay-1 subscribed to every upstream, each next one to the one before. */
    private void startChain(List<String> upstreams, int chain, Path agentJar, List<String> relayJvmOptions, Path logs)
            throws IOException {
        for (int r = 1; r <= chain; r++) {
            ChildJvm relay = start(
                    "relay-" + r,
                    relayJvmOptions,
                    agentJar,
                    List.of("--relay", "--upstream", String.join(",", upstreams), "--port", "0"),
                    logs);
            relays.add(relay);
            listening.put(relay, relay.awaitLine(LISTENING, START_TIMEOUT));
            upstreams = List.of("127.0.0.1:" + port(relay));
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
        if (relays.isEmpty() && replayer != null) {
            return replayedPorts.stream()
                    .map(port -> new AgentEndpoint("127.0.0.1", port))
                    .toList();
        }
        return (relays.isEmpty() ? agents : relays)
                .stream().map(c -> new AgentEndpoint("127.0.0.1", port(c))).toList();
    }

    /** GPUs the agents say they simulate (each rounds its share up to whole racks). */
    public int simulatedGpus() {
        if (replayer != null) {
            return replayedGpus;
        }
        int total = 0;
        for (ChildJvm agent : agents) {
            Matcher m = SERVED_GPUS.matcher(listening.get(agent).group());
            if (m.find()) {
                total += Integer.parseInt(m.group(1).replace(",", ""));
            }
        }
        return total;
    }

    /** Agents (or the replayer) first, then relays. */
    public List<ChildJvm> children() {
        List<ChildJvm> all = new ArrayList<>(agents);
        if (replayer != null) {
            all.add(replayer);
        }
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
        if (replayer != null) {
            replayer.stop();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }
}

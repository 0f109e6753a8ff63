package io.headroom.bench;

import io.headroom.wire.AgentEndpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated site on this machine: agent processes, each simulating a share of the GPUs,
 * optionally behind relays. Every child is killed when the benchmark ends, however it ends.
 */
final class LocalFleet implements AutoCloseable {

    private static final Pattern SERVED_GPUS = Pattern.compile("of ([\\d,]+) GPUs");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final List<ChildJvm> agents = new ArrayList<>();
    private final List<ChildJvm> relays = new ArrayList<>();
    private final Thread killOnExit = Thread.ofPlatform().unstarted(this::killAll);

    private LocalFleet() {
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts {@code agentCount} simulators sharing {@code gpus} and, unless {@code relayCount}
     * is 0, relays each subscribed to a contiguous group of them.
     */
    static LocalFleet start(int gpus, int agentCount, int relayCount, long seed, Path agentJar, List<String> agentJvmOptions,
                            List<String> relayJvmOptions, Path logs) throws IOException, InterruptedException {
        var fleet = new LocalFleet();
        try {
            int perAgent = Math.ceilDiv(gpus, agentCount);
            for (int k = 1; k <= agentCount; k++) {
                fleet.agents.add(ChildJvm.start("agent-" + k, agentJvmOptions, agentJar, List.of("--simulate",
                        "--gpus", Integer.toString(perAgent), "--seed", Long.toString(seed + k),
                        "--host-prefix", "sim" + k + "-", "--port", "0"), logs));
            }
            for (ChildJvm agent : fleet.agents) {
                agent.awaitListening(START_TIMEOUT);
            }
            for (int r = 0; r < relayCount; r++) {
                List<String> upstreams = new ArrayList<>();
                for (int k = r * agentCount / relayCount; k < (r + 1) * agentCount / relayCount; k++) {
                    upstreams.add("127.0.0.1:" + fleet.agents.get(k).port());
                }
                fleet.relays.add(ChildJvm.start("relay-" + (r + 1), relayJvmOptions, agentJar, List.of("--relay",
                        "--upstream", String.join(",", upstreams), "--port", "0"), logs));
            }
            for (ChildJvm relay : fleet.relays) {
                relay.awaitListening(START_TIMEOUT);
            }
            return fleet;
        } catch (IOException | InterruptedException | RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    /** Where the console connects: the relays, or the agents themselves when there are none. */
    List<AgentEndpoint> consoleEndpoints() {
        return (relays.isEmpty() ? agents : relays).stream().map(c -> new AgentEndpoint("127.0.0.1", c.port())).toList();
    }

    /** GPUs the agents say they simulate (each rounds its share up to whole racks). */
    int simulatedGpus() {
        int total = 0;
        for (ChildJvm agent : agents) {
            Matcher m = SERVED_GPUS.matcher(agent.readyLine());
            if (m.find()) {
                total += Integer.parseInt(m.group(1).replace(",", ""));
            }
        }
        return total;
    }

    /** Agents first, then relays. */
    List<ChildJvm> children() {
        List<ChildJvm> all = new ArrayList<>(agents);
        all.addAll(relays);
        return all;
    }

    private void killAll() {
        children().forEach(ChildJvm::kill);
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

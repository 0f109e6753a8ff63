package io.headroom.bench;

import io.headroom.bench.loadgen.Recordings;
import io.headroom.client.AgentConnection;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.testing.ChildJvm;
import io.headroom.wire.AgentEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Streams a simulated fleet from agent (and relay) processes on this machine into
 * the console's client, without a UI, and measures what the console side spends on it.
 * Figures: docs/benchmarks/streaming.md.
 */
@Command(
        name = "streaming",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Streams simulated GPUs from local agent processes into Headroom's client and reports "
                + "ingest rate, console CPU, heap, latency and integrity counts against the budgets.")
public final class StreamingBenchmark implements Callable<Integer> {

    private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(3);

    @Option(
            names = "--gpus",
            defaultValue = "100000",
            description = "GPUs in all (default: ${DEFAULT-VALUE}); each agent rounds its share up to whole racks.")
    int gpus;

    @Option(
            names = "--agents",
            defaultValue = "4",
            description = "Agent processes sharing the GPUs (default: ${DEFAULT-VALUE}).")
    int agents;

    @Option(
            names = "--relays",
            defaultValue = "2",
            description =
                    "Relay processes between agents and console; 0 connects directly (default: ${DEFAULT-VALUE}).")
    int relays;

    @Option(names = "--direct", description = "Same as --relays 0.")
    boolean direct;

    @Option(
            names = "--chain",
            description = "Relays one behind the other (agents -> relay-1 -> ... -> relay-N -> console), to measure "
                    + "what each hop adds; replaces --relays.")
    Integer chain;

    @Option(
            names = "--replay",
            description = "Agents replayed from a recording of the simulator by one small process (the load generator "
                    + "of the million benchmark), at one round a second, instead of simulated live: the machine is "
                    + "left to the relays and the console. The recording is made once under bench/target/replay.")
    boolean replay;

    @Option(
            names = "--recording",
            description = "With --replay: this recording rather than the one made for --gpus, --agents and --seed.")
    Path recording;

    @Option(
            names = "--replayer-jvm-options",
            defaultValue = "-Xmx1g",
            description = "With --replay: JVM options of the replayer and the recorder (default: ${DEFAULT-VALUE}).")
    String replayerJvmOptions;

    @Option(
            names = "--pin",
            description = "taskset CPU lists CONSOLE/OTHERS, e.g. 0/1: the console's JVM on the first, every agent, "
                    + "replayer and relay on the second, so the load does not take the console's core. Other work on "
                    + "the machine still runs anywhere (default: no pinning).")
    String pin;

    @Option(
            names = "--warm-up-seconds",
            defaultValue = "30",
            description = "Streaming before measuring (default: ${DEFAULT-VALUE}).")
    int warmUpSeconds;

    @Option(names = "--minutes", defaultValue = "3", description = "Measured streaming (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the first agent; agent k gets seed + k (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--agent-jar",
            description = "The agent's shaded jar (default: node-agent/target/headroom-agent.jar of this checkout).")
    Path agentJar;

    @Option(
            names = "--agent-jvm-options",
            defaultValue = "-Xmx1g",
            description = "JVM options of every agent (default: ${DEFAULT-VALUE}).")
    String agentJvmOptions;

    // A relay's replay buffer holds 3,000 batches whatever their size: at 50,000 GPUs per relay
    // that is about two minutes of telemetry, over 1 GiB of protobuf objects.
    @Option(
            names = "--relay-jvm-options",
            defaultValue = "-Xmx2g",
            description = "JVM options of every relay (default: ${DEFAULT-VALUE}).")
    String relayJvmOptions;

    @Option(
            names = "--logs",
            description = "Where the children's and the client's logs go (default: bench/target/bench-logs).")
    Path logs;

    @Option(
            names = "--progress-seconds",
            defaultValue = "10",
            description = "Print progress this often (default: ${DEFAULT-VALUE}).")
    int progressSeconds;

    @Override
    public Integer call() throws Exception {
        int relayCount = direct ? 0 : chain != null ? chain : relays;
        if (agents < 1
                || relayCount < 0
                || (chain == null && relayCount > agents)
                || gpus < 8 * agents
                || minutes <= 0
                || warmUpSeconds < 0) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "need --agents >= 1, 0 <= --relays <= --agents (or --chain >= 0), --gpus >= 8 per agent, "
                            + "--minutes > 0, --warm-up-seconds >= 0");
        }
        if (pin != null && !pin.matches("[0-9,-]+/[0-9,-]+")) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--pin " + pin + ": expected CONSOLE/OTHERS CPU lists, e.g. 0/1");
        }
        Path jar = agentJar != null ? agentJar : BenchPaths.agentJar();
        if (!Files.isRegularFile(jar)) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "no agent jar at " + jar.toAbsolutePath()
                            + "; build it with ./mvnw -pl bench -am package -DskipTests");
        }
        Path logDir = logs != null ? logs : BenchPaths.logs();
        Files.createDirectories(logDir);
        System.setProperty("headroom.bench.logs", logDir.toString()); // before the first logger exists

        var report = new Report(System.out);
        report.machine();
        System.out.printf(
                Locale.ROOT,
                "starting %d agents (%,d GPUs) and %d relays; logs in %s%n",
                agents,
                gpus,
                relayCount,
                logDir.toAbsolutePath());
        if (replay) {
            Path file = recording != null
                    ? recording
                    : Recordings.fileFor(BenchPaths.work("replay"), gpus, agents, 4, seed, 256);
            Recordings.ensure(file, gpus, agents, 4, seed, 256, words(replayerJvmOptions), logDir);
            try (var fleet = LocalFleet.replayed(
                    file,
                    gpus,
                    relayCount,
                    chain != null,
                    jar,
                    words(replayerJvmOptions),
                    words(relayJvmOptions),
                    logDir)) {
                report.print(measure(fleet, relayCount));
            }
            return 0;
        }
        try (var fleet = chain != null
                ? LocalFleet.chained(
                        gpus,
                        agents,
                        chain,
                        1000,
                        seed,
                        jar,
                        words(agentJvmOptions),
                        words(relayJvmOptions),
                        List.of(),
                        logDir)
                : LocalFleet.start(
                        gpus, agents, relayCount, seed, jar, words(agentJvmOptions), words(relayJvmOptions), logDir)) {
            Figures figures = measure(fleet, relayCount);
            report.print(figures);
        }
        return 0;
    }

    private Figures measure(LocalFleet fleet, int relayCount) throws InterruptedException {
        pinAll(fleet);
        List<AgentEndpoint> endpoints = fleet.consoleEndpoints();
        var state = new FleetState(IdleThresholds.DEFAULTS);
        var board = new ConnectionBoard(
                endpoints.stream().map(AgentEndpoint::toString).toList());
        var latency = new LatencyRecorder();
        var handlingClock = new HandlingClock();
        var options = ClientOptions.defaults("bench").withListener(latency).withChannels(handlingClock::channel);
        try (var client = new FleetClient(endpoints, state, board, options).start()) {
            awaitFleet(client, state, fleet.simulatedGpus());
            System.out.printf(
                    Locale.ROOT,
                    "all %d streams online with %,d GPUs; warming up for %d s%n",
                    endpoints.size(),
                    state.layout().gpuCount(),
                    warmUpSeconds);
            stream(Duration.ofSeconds(warmUpSeconds), state, fleet, new IngestCounter(state));
            pinAll(fleet); // every thread started since

            // The measurement window.
            latency.takeInterval();
            latency.takeFirstOfRoundInterval();
            latency.takeHandlingInterval();
            latency.takeHopsInterval();
            List<ChildGauge> gauges = ChildGauge.attachAll(fleet.children());
            ConsoleJvm.resetPeaks();
            var console0 = ConsoleJvm.Counters.now();
            double[] machine0 = ProcessCpu.machineSeconds();
            double[] children0 = childCpu(fleet);
            var written = new IngestCounter(state);
            long received0 = latency.acceleratorSamples();
            long coalesced0 = client.coalescedSamples();
            long missed0 = sum(client, AgentConnection::missedBatches);
            long gaps0 = sum(client, AgentConnection::sequenceGaps);
            long unknown0 = sum(client, AgentConnection::unknownSamples);
            long implausible0 = sum(client, AgentConnection::implausibleValues);
            System.out.printf(Locale.ROOT, "measuring for %.1f min%n", minutes);

            stream(Duration.ofMillis(Math.round(minutes * 60_000)), state, fleet, written);

            var console1 = ConsoleJvm.Counters.now();
            double[] machine1 = ProcessCpu.machineSeconds();
            double[] children1 = childCpu(fleet);
            long received1 = latency.acceleratorSamples();
            var histogram = latency.takeInterval();
            var firstOfRound = latency.takeFirstOfRoundInterval();
            var handling = latency.takeHandlingInterval();
            var hops = latency.takeHopsInterval();
            gauges.forEach(ChildGauge::end);
            long peakHeap = ConsoleJvm.peakHeapBytes();
            long committed = ConsoleJvm.heapCommittedBytes();
            double seconds = console0.seconds(console1);
            long writtenInWindow = written.total();

            var integrity = new Figures.Integrity(
                    client.coalescedSamples() - coalesced0,
                    client.coalescedSamples(),
                    sum(client, AgentConnection::missedBatches) - missed0,
                    sum(client, AgentConnection::sequenceGaps) - gaps0,
                    sum(client, AgentConnection::unknownSamples) - unknown0,
                    sum(client, AgentConnection::implausibleValues) - implausible0,
                    latency.snapshotBatches());
            long heapAfterGc = ConsoleJvm.heapAfterGcBytes(); // still streaming: the live set of a working console

            double receivedPerSecond = (received1 - received0) / seconds;
            List<Figures.ChildCpu> children = new ArrayList<>();
            List<ChildJvm> childJvms = fleet.children();
            for (int k = 0; k < childJvms.size(); k++) {
                String name = childJvms.get(k).name();
                // What this child carries: an agent its share, a relay its share or (chained) everything.
                double share = name.startsWith("agent-")
                        ? 1.0 / agents
                        : name.startsWith("relay-") && chain == null ? 1.0 / relayCount : 1.0;
                double carried = receivedPerSecond * share;
                ChildGauge gauge = gauges.get(k);
                children.add(new Figures.ChildCpu(
                        name,
                        100 * (children1[k] - children0[k]) / seconds,
                        carried,
                        gauge.allocatedBytes() / seconds / carried,
                        gauge.heapAfterGcBytes(),
                        gauge.unknownWhy()));
            }
            gauges.forEach(ChildGauge::close);
            double childSeconds =
                    Arrays.stream(children1).sum() - Arrays.stream(children0).sum();
            double consoleSeconds = (console1.cpuNanos() - console0.cpuNanos()) / 1e9;
            var layout = state.layout();
            return new Figures(
                    new Figures.Setup(
                            relayCount == 0 ? "direct" : chain != null ? "chained" : "relayed",
                            agents,
                            relayCount,
                            layout.gpuCount(),
                            layout.slotCount(),
                            layout.nodeCount(),
                            warmUpSeconds,
                            seconds),
                    new Figures.Ingest(
                            writtenInWindow / seconds, receivedPerSecond, layout.slotCount(), written.swaps()),
                    new Figures.Console(
                            console0.cpuPercentOfOneCore(console1),
                            console1.gcCount() - console0.gcCount(),
                            console1.gcMillis() - console0.gcMillis(),
                            (console1.allocatedBytes() - console0.allocatedBytes()) / seconds / (1024.0 * 1024.0),
                            heapAfterGc,
                            peakHeap,
                            committed),
                    histogram,
                    firstOfRound,
                    handling,
                    hops,
                    integrity,
                    children,
                    100 * (machine1[0] - machine0[0]) / (machine1[1] - machine0[1]),
                    100 * (machine1[0] - machine0[0] - consoleSeconds - childSeconds) / seconds);
        } finally {
            handlingClock.close();
        }
    }

    /** With --pin: the console on its CPUs, every child on the others. */
    private void pinAll(LocalFleet fleet) {
        if (pin == null) {
            return;
        }
        String[] cpus = pin.split("/", -1); // checked in call()
        System.out.printf(Locale.ROOT, "pinned: the console on CPUs %s, agents and relays on %s%n", cpus[0], cpus[1]);
        Pinned.to(ProcessHandle.current().pid(), cpus[0]);
        for (ChildJvm child : fleet.children()) {
            Pinned.to(child.pid(), cpus[1]);
        }
    }

    /** Waits until every stream is online and the merged layout holds every simulated GPU. */
    private static void awaitFleet(FleetClient client, FleetState state, int expectedGpus) throws InterruptedException {
        long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean online = client.connections().stream().allMatch(AgentConnection::isOnline);
            if (online && state.layout().gpuCount() >= expectedGpus) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("after " + CONNECT_TIMEOUT.toSeconds() + " s the console holds "
                + state.layout().gpuCount() + " of " + expectedGpus + " GPUs; see the logs");
    }

    /** Lets the fleet stream for {@code duration}, printing progress; {@code counter} follows the ingest. */
    private void stream(Duration duration, FleetState state, LocalFleet fleet, IngestCounter counter)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long every = Duration.ofSeconds(progressSeconds).toNanos();
        long nextProgress = start + every;
        var last = ConsoleJvm.Counters.now();
        long lastTotal = counter.total();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            counter.follow(state);
            if (System.nanoTime() >= nextProgress) {
                nextProgress += every;
                var now = ConsoleJvm.Counters.now();
                System.out.printf(
                        Locale.ROOT,
                        "  %4.0f s  %,9.0f samples/s  console CPU %5.1f %%  heap %,5d MiB%n",
                        (System.nanoTime() - start) / 1e9,
                        (counter.total() - lastTotal) / last.seconds(now),
                        last.cpuPercentOfOneCore(now),
                        (Runtime.getRuntime().totalMemory()
                                        - Runtime.getRuntime().freeMemory())
                                >> 20);
                for (ChildJvm child : fleet.children()) {
                    if (!child.isAlive()) {
                        throw new IllegalStateException(child.name() + " died; see its log");
                    }
                }
                last = now;
                lastTotal = counter.total();
            }
        }
        counter.follow(state);
    }

    private static List<String> words(String options) {
        return Arrays.stream(options.trim().split("\\s+"))
                .filter(o -> !o.isEmpty())
                .toList();
    }

    private static double[] childCpu(LocalFleet fleet) {
        return fleet.children().stream()
                .mapToDouble(child -> ProcessCpu.cpuSeconds(child.pid()))
                .toArray();
    }

    private static long sum(FleetClient client, ToLongFunction<AgentConnection> figure) {
        return client.connections().stream().mapToLong(figure).sum();
    }
}

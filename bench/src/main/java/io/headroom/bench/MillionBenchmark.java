package io.headroom.bench;

import io.headroom.bench.loadgen.Recordings;
import io.headroom.bench.loadgen.ReplayCommand;
import io.headroom.client.AgentConnection;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.testing.ChildJvm;
import io.headroom.wire.AgentEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The console's client alone at up to a million samples a second: a replayer in a JVM of its own
 * (the load generator, {@code replay}) pinned to one core, the client (FleetClient into
 * FleetState, as in the streaming benchmark) in this JVM pinned to another, and the same run
 * unpinned beside it. Figures: docs/benchmarks/million.md.
 */
@Command(
        name = "million",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Replays recorded simulator batches at each rate into Headroom's client and reports the "
                + "console's CPU, allocation, heap, latency and integrity against the million-sample budgets.")
public final class MillionBenchmark implements Callable<Integer> {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);
    private static final double BUDGET_CPU_PERCENT = 50;
    private static final long BUDGET_HEAP_BYTES = 2L << 30;
    private static final double MIB = 1024.0 * 1024.0;

    /** Pinned: replayer and console each on their own core; unpinned: both wherever the kernel puts them. */
    enum Pinning {
        PINNED,
        UNPINNED,
        BOTH
    }

    @Option(
            names = "--gpus",
            defaultValue = "1000000",
            description = "GPUs recorded (default: ${DEFAULT-VALUE}); a sample a slot a second is the rate "
                    + "that matches it.")
    int gpus;

    @Option(
            names = "--agents",
            defaultValue = "16",
            description = "Agents recorded, each a stream of its own into the console (default: ${DEFAULT-VALUE}; "
                    + "each agent's inventory must stay under the client's 32 MiB message limit).")
    int agents;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds recorded (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the first agent (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--nodes-per-batch",
            defaultValue = "256",
            description = "Nodes in each recorded batch, as the agent cuts them (default: ${DEFAULT-VALUE}).")
    int nodesPerBatch;

    @Option(
            names = "--rates",
            split = ",",
            defaultValue = "100000,500000,1000000",
            description = "Samples a second to replay, one run each (default: ${DEFAULT-VALUE}).")
    List<Double> rates;

    @Option(
            names = "--pinning",
            defaultValue = "BOTH",
            description = "PINNED, UNPINNED or BOTH, one run of each at every rate (default: ${DEFAULT-VALUE}).")
    Pinning pinning;

    @Option(
            names = "--console-cpus",
            defaultValue = "0",
            description = "taskset's CPU list for this JVM in pinned runs (default: ${DEFAULT-VALUE}).")
    String consoleCpus;

    @Option(
            names = "--replayer-cpus",
            defaultValue = "1",
            description = "taskset's CPU list for the replayer in pinned runs (default: ${DEFAULT-VALUE}).")
    String replayerCpus;

    @Option(
            names = "--warm-up-seconds",
            defaultValue = "20",
            description = "Streaming before measuring, each run (default: ${DEFAULT-VALUE}).")
    int warmUpSeconds;

    @Option(names = "--seconds", defaultValue = "60", description = "Measured, each run (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--recording",
            description = "The recording to replay; made (and kept) when missing "
                    + "(default: bench/target/replay/GPUSg-AGENTSa-ROUNDSr-SEED[-NODESn].bin).")
    Path recording;

    @Option(
            names = "--replayer-jvm-options",
            defaultValue = "-Xmx2g",
            description = "JVM options of the replayer (default: ${DEFAULT-VALUE}).")
    String replayerJvmOptions;

    @Option(names = "--logs", description = "Where the replayer's logs go (default: bench/target/bench-logs).")
    Path logs;

    @Override
    public Integer call() throws Exception {
        if (rates.isEmpty() || rates.stream().anyMatch(r -> !(r > 0)) || seconds < 1 || warmUpSeconds < 0) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "need --rates above 0, --seconds >= 1, --warm-up-seconds >= 0");
        }
        Path logDir = logs != null ? logs : BenchPaths.logs();
        Files.createDirectories(logDir);
        System.setProperty("headroom.bench.logs", logDir.toString()); // before the first logger exists
        Path file = recording != null
                ? recording
                : Recordings.fileFor(BenchPaths.work("replay"), gpus, agents, rounds, seed, nodesPerBatch);
        Recordings.ensure(file, gpus, agents, rounds, seed, nodesPerBatch, words(replayerJvmOptions), logDir);
        new Report(System.out).machine();
        String allCpus = Pinned.cpusOf(ProcessHandle.current().pid());
        List<MillionRun> runs = new ArrayList<>();
        for (double rate : rates) {
            for (Pinning mode :
                    pinning == Pinning.BOTH ? List.of(Pinning.PINNED, Pinning.UNPINNED) : List.of(pinning)) {
                runs.add(run(file, rate, mode == Pinning.PINNED, allCpus, logDir));
                System.gc();
            }
        }
        Pinned.to(ProcessHandle.current().pid(), allCpus);
        MillionRun.print(runs, System.out);
        return 0;
    }

    private MillionRun run(Path file, double rate, boolean pinned, String allCpus, Path logDir)
            throws IOException, InterruptedException {
        String name = String.format(Locale.ROOT, "replayer-%.0f-%s", rate, pinned ? "pinned" : "unpinned");
        System.out.printf(Locale.ROOT, "%n%s: %,.0f samples/s, %s%n", name, rate, pinned ? "pinned" : "unpinned");
        long self = ProcessHandle.current().pid();
        Pinned.to(self, pinned ? consoleCpus : allCpus);
        ChildJvm replayer = ChildJvm.ofClass(ReplayCommand.class)
                .name(name)
                .jvmOptions(words(replayerJvmOptions))
                .args(List.of(
                        "--recording", file.toString(),
                        "--samples-per-second", String.format(Locale.ROOT, "%.0f", rate),
                        "--progress-seconds", "5"))
                .logTo(logDir.resolve(name + ".log"))
                .start();
        try {
            if (pinned) {
                Pinned.to(replayer.pid(), replayerCpus);
            }
            Matcher serving = replayer.awaitLine(ReplayCommand.SERVING, START_TIMEOUT);
            if (pinned) {
                Pinned.to(replayer.pid(), replayerCpus); // every thread it has started since
            }
            List<AgentEndpoint> endpoints = Arrays.stream(serving.group(3).split(","))
                    .map(port -> new AgentEndpoint(serving.group(2), Integer.parseInt(port)))
                    .toList();
            return measure(endpoints, replayer, rate, pinned, self);
        } finally {
            replayer.stop();
        }
    }

    private MillionRun measure(List<AgentEndpoint> endpoints, ChildJvm replayer, double rate, boolean pinned, long self)
            throws InterruptedException {
        var state = new FleetState(IdleThresholds.DEFAULTS);
        var board = new ConnectionBoard(
                endpoints.stream().map(AgentEndpoint::toString).toList());
        var latency = new LatencyRecorder();
        var handlingClock = new HandlingClock();
        var options = ClientOptions.defaults("bench").withListener(latency).withChannels(handlingClock::channel);
        try (var client = new FleetClient(endpoints, state, board, options).start()) {
            awaitOnline(client, replayer);
            if (pinned) {
                Pinned.to(self, consoleCpus); // the client's threads, started since
            }
            System.out.printf(
                    Locale.ROOT,
                    "  %d streams online, %,d GPUs (%,d slots); warming up for %d s%n",
                    endpoints.size(),
                    state.layout().gpuCount(),
                    state.layout().slotCount(),
                    warmUpSeconds);
            follow(Duration.ofSeconds(warmUpSeconds), state, new IngestCounter(state), replayer);

            latency.takeInterval();
            latency.takeHandlingInterval();
            ConsoleJvm.resetPeaks();
            double load0 = Pinned.loadAverage();
            var console0 = ConsoleJvm.Counters.now();
            double[] machine0 = ProcessCpu.machineSeconds();
            double replayer0 = ProcessCpu.cpuSeconds(replayer.pid());
            var written = new IngestCounter(state);
            long coalesced0 = client.coalescedSamples();
            long missed0 = sum(client, AgentConnection::missedBatches);
            long gaps0 = sum(client, AgentConnection::sequenceGaps);
            System.out.printf(Locale.ROOT, "  measuring for %d s%n", seconds);

            follow(Duration.ofSeconds(seconds), state, written, replayer);

            var console1 = ConsoleJvm.Counters.now();
            double[] machine1 = ProcessCpu.machineSeconds();
            double replayer1 = ProcessCpu.cpuSeconds(replayer.pid());
            double load1 = Pinned.loadAverage();
            var histogram = latency.takeInterval();
            var handling = latency.takeHandlingInterval();
            long peakHeap = ConsoleJvm.peakHeapBytes();
            double window = console0.seconds(console1);
            long samples = written.total();
            long coalesced = client.coalescedSamples() - coalesced0;
            long missed = sum(client, AgentConnection::missedBatches) - missed0;
            long gaps = sum(client, AgentConnection::sequenceGaps) - gaps0;
            // Before the full collections below, which stall the console and hold the replayer back.
            String replayerProgress = lastProgress(replayer);
            long heapAfterGc = ConsoleJvm.heapAfterGcBytes(); // still streaming: the live set of a working console
            double consoleSeconds = (console1.cpuNanos() - console0.cpuNanos()) / 1e9;
            double replayerSeconds = replayer1 - replayer0;
            return new MillionRun(
                    rate,
                    pinned,
                    state.layout().gpuCount(),
                    state.layout().slotCount(),
                    endpoints.size(),
                    window,
                    samples / window,
                    console0.cpuPercentOfOneCore(console1),
                    (double) (console1.allocatedBytes() - console0.allocatedBytes()) / Math.max(1, samples),
                    (console1.allocatedBytes() - console0.allocatedBytes()) / window / MIB,
                    console1.gcCount() - console0.gcCount(),
                    console1.gcMillis() - console0.gcMillis(),
                    heapAfterGc,
                    peakHeap,
                    histogram,
                    handling,
                    coalesced,
                    missed,
                    gaps,
                    100 * replayerSeconds / window,
                    100 * (machine1[0] - machine0[0]) / (machine1[1] - machine0[1]),
                    100 * (machine1[0] - machine0[0] - consoleSeconds - replayerSeconds) / window,
                    load0,
                    load1,
                    replayerProgress);
        } finally {
            handlingClock.close();
        }
    }

    private static void awaitOnline(FleetClient client, ChildJvm replayer) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (client.connections().stream().allMatch(AgentConnection::isOnline)) {
                return;
            }
            if (!replayer.isAlive()) {
                throw new IllegalStateException(replayer.name() + " died; see " + replayer.log());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the console did not get every stream online within "
                + START_TIMEOUT.toMinutes() + " min; see " + replayer.log());
    }

    /** Streams for {@code duration}, printing the ingest every 10 s. */
    private static void follow(Duration duration, FleetState state, IngestCounter counter, ChildJvm replayer)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long nextProgress = start + 10_000_000_000L;
        var last = ConsoleJvm.Counters.now();
        long lastTotal = counter.total();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            counter.follow(state);
            if (System.nanoTime() >= nextProgress) {
                nextProgress += 10_000_000_000L;
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
                if (!replayer.isAlive()) {
                    throw new IllegalStateException(replayer.name() + " died; see " + replayer.log());
                }
                last = now;
                lastTotal = counter.total();
            }
        }
        counter.follow(state);
    }

    /** The replayer's last progress line: what it sent, its CPU, how long flow control held it back. */
    private static String lastProgress(ChildJvm replayer) {
        List<String> lines = replayer.lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("replay: sent")) {
                return lines.get(i);
            }
        }
        return "";
    }

    private static List<String> words(String options) {
        return Arrays.stream(options.trim().split("\\s+"))
                .filter(o -> !o.isEmpty())
                .toList();
    }

    private static long sum(FleetClient client, ToLongFunction<AgentConnection> figure) {
        return client.connections().stream().mapToLong(figure).sum();
    }

    static boolean withinBudget(MillionRun run) {
        return run.consoleCpuPercent() < BUDGET_CPU_PERCENT
                && run.heapAfterGcBytes() < BUDGET_HEAP_BYTES
                && run.peakHeapBytes() < BUDGET_HEAP_BYTES
                && run.coalesced() == 0;
    }
}

package io.headroom.bench.loadgen;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The load generator that costs (almost) nothing: records rounds of the simulator's batches once,
 * then serves them again from this one process at any rate, every sample's time stamped anew in
 * the recorded bytes. Figures: docs/benchmarks/million.md.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Records the simulated fleet's telemetry batches and serves them again over the agent "
                + "protocol at any rate from one small process (one port per recorded agent).")
public final class ReplayCommand implements Callable<Integer> {

    /** The line a parent process waits for: "replay: serving 4 agents at 1,000,000 samples/s on 127.0.0.1 ports 41234,41235,...". */
    public static final java.util.regex.Pattern SERVING = java.util.regex.Pattern.compile(
            "replay: serving (\\d+) agents at [\\d,]+ samples/s on (\\S+) ports ([\\d,]+)");

    @Option(
            names = "--gpus",
            defaultValue = "100000",
            description =
                    "GPUs to record, shared by the agents as in the streaming benchmark (default: ${DEFAULT-VALUE}).")
    int gpus;

    @Option(names = "--agents", defaultValue = "4", description = "Agents to record (default: ${DEFAULT-VALUE}).")
    int agentCount;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the first agent; agent k gets seed + k (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--rounds",
            defaultValue = "4",
            description = "Rounds (simulated seconds) of batches to record and go through again and again "
                    + "(default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--nodes-per-batch",
            defaultValue = "256",
            description = "Nodes in each batch, as the agent cuts them (default: ${DEFAULT-VALUE}).")
    int nodesPerBatch;

    @Option(
            names = "--recording",
            description = "Replay this recording (from --save) instead of recording; --gpus, --agents, --seed, "
                    + "--rounds and --nodes-per-batch are then the file's.")
    Path recording;

    @Option(names = "--save", description = "Write the recording to this file.")
    Path save;

    @Option(names = "--record-only", description = "Record (and --save), then exit without serving.")
    boolean recordOnly;

    @Option(
            names = "--samples-per-second",
            defaultValue = "1000000",
            description = "Accelerator samples a second over all agents (default: ${DEFAULT-VALUE}).")
    double samplesPerSecond;

    @Option(
            names = "--rounds-per-second",
            description = "Replay this many rounds a second instead of --samples-per-second: 1 is the rate of "
                    + "agents sampling once a second.")
    Double roundsPerSecond;

    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1",
            description = "Address to serve on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(
            names = "--port",
            defaultValue = "0",
            description = "First agent's port, the others after it; 0 picks free ports (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--progress-seconds",
            defaultValue = "10",
            description = "Print what was sent and this process's CPU this often (default: ${DEFAULT-VALUE}).")
    int progressSeconds;

    @Option(names = "--minutes", description = "Stop after this long (default: until stopped).")
    Double minutes;

    /** Runs the command on its own: how the console benchmark starts a replayer in a JVM of its own. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ReplayCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (samplesPerSecond <= 0
                || (roundsPerSecond != null && !(roundsPerSecond > 0))
                || progressSeconds < 1
                || (minutes != null && minutes <= 0)) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "need --samples-per-second > 0, --rounds-per-second > 0, --progress-seconds >= 1, --minutes > 0");
        }
        List<RecordedAgent> recorded = recording != null ? read(recording) : record();
        if (roundsPerSecond != null) {
            samplesPerSecond = roundsPerSecond
                    * recorded.stream()
                            .mapToLong(RecordedAgent::samplesPerRound)
                            .sum();
        }
        if (save != null) {
            long start = System.nanoTime();
            RecordingFile.write(save, recorded);
            System.out.printf(
                    Locale.ROOT,
                    "saved %s (%,d bytes) in %.1f s%n",
                    save,
                    Files.size(save),
                    (System.nanoTime() - start) / 1e9);
        }
        if (recordOnly) {
            return 0;
        }
        try (var replayer = Replayer.start(recorded, samplesPerSecond, bind, port)) {
            List<String> ports = new java.util.ArrayList<>();
            for (ReplayedAgent agent : replayer.agents()) {
                ports.add(Integer.toString(agent.port()));
                System.out.printf(
                        Locale.ROOT,
                        "  %s: %,d samples a round at %,.0f samples/s, a round every %.0f ms, on port %d%n",
                        agent.recording().name(),
                        agent.recording().samplesPerRound(),
                        agent.pace().samplesPerSecond(),
                        1000.0
                                * agent.recording().samplesPerRound()
                                / agent.pace().samplesPerSecond(),
                        agent.port());
            }
            System.out.printf(
                    Locale.ROOT,
                    "replay: serving %d agents at %,.0f samples/s on %s ports %s%n",
                    ports.size(),
                    samplesPerSecond,
                    bind,
                    String.join(",", ports));
            report(replayer);
        }
        return 0;
    }

    private List<RecordedAgent> record() {
        if (gpus < 8 * agentCount || agentCount < 1 || rounds < 1 || nodesPerBatch < 1) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "need --agents >= 1, --gpus >= 8 per agent, --rounds >= 1 and --nodes-per-batch >= 1");
        }
        long start = System.nanoTime();
        var recorder = new SimulatorRecorder(nodesPerBatch, rounds, System.currentTimeMillis());
        List<RecordedAgent> recorded = recorder.record(gpus, agentCount, seed);
        describe("recorded", recorded, start);
        return recorded;
    }

    private List<RecordedAgent> read(Path file) {
        long start = System.nanoTime();
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--recording " + file + ": no such file; make one with replay --save FILE --record-only");
        }
        List<RecordedAgent> recorded;
        try {
            recorded = RecordingFile.read(file);
        } catch (java.io.IOException e) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--recording " + file + " cannot be replayed: " + e.getMessage());
        }
        describe("read " + file + ":", recorded, start);
        return recorded;
    }

    private static void describe(String what, List<RecordedAgent> recorded, long startNanos) {
        long samples = 0;
        long bytes = 0;
        long batches = 0;
        for (RecordedAgent agent : recorded) {
            samples += agent.samplesPerRound();
            bytes += agent.bytes();
            batches += agent.batches().size();
        }
        System.out.printf(
                Locale.ROOT,
                "%s %d agents, %,d accelerator samples a round, %d rounds, %,d batches, %,d bytes, in %.1f s%n",
                what,
                recorded.size(),
                samples,
                recorded.getFirst().rounds(),
                batches,
                bytes,
                (System.nanoTime() - startNanos) / 1e9);
    }

    /**
     * Prints, every --progress-seconds, what was sent and what this process spent on it:
     * "replay: sent 1,000,000 samples/s in 470 batches/s; CPU 12.3 % of one core (1.23 % per 100k samples/s);
     * held back by the clients' flow control 0 ms; late at most 2 ms".
     */
    private void report(Replayer replayer) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long end = minutes == null
                ? Long.MAX_VALUE
                : System.nanoTime()
                        + Duration.ofMillis(Math.round(minutes * 60_000)).toNanos();
        long lastNanos = System.nanoTime();
        long lastCpu = os.getProcessCpuTime();
        long lastSamples = replayer.samplesSent();
        long lastBatches = replayer.batchesSent();
        long lastHeld = replayer.heldNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(progressSeconds * 1000L, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            long now = System.nanoTime();
            long cpu = os.getProcessCpuTime();
            long samples = replayer.samplesSent();
            long batches = replayer.batchesSent();
            long held = replayer.heldNanos();
            double seconds = (now - lastNanos) / 1e9;
            double rate = (samples - lastSamples) / seconds;
            double cpuPercent = 100.0 * (cpu - lastCpu) / (now - lastNanos);
            System.out.printf(
                    Locale.ROOT,
                    "replay: sent %,.0f samples/s in %,.0f batches/s; CPU %.1f %% of one core (%.2f %% per 100k samples/s);"
                            + " held back by the clients' flow control %,d ms; late at most %,d ms%n",
                    rate,
                    (batches - lastBatches) / seconds,
                    cpuPercent,
                    rate > 0 ? cpuPercent / (rate / 100_000) : Double.NaN,
                    (held - lastHeld) / 1_000_000,
                    replayer.takeMaxLateNanos() / 1_000_000);
            lastNanos = now;
            lastCpu = cpu;
            lastSamples = samples;
            lastBatches = batches;
            lastHeld = held;
        }
    }
}

package io.headroom.bench.prometheus;

import io.headroom.bench.ProcessCpu;
import io.headroom.client.AgentConnection;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.wire.AgentEndpoint;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Headroom's side of the comparison, in a JVM of its own so that its CPU and memory are its
 * own: the console's client ({@link FleetClient} into a {@link FleetState}, no UI) connected
 * to the simulator over gRPC. After a warm-up it probes freshness over a window, then times
 * reading every GPU's state, and writes its figures to a properties file.
 *
 * <p>It prints "window starts" and "window ends" so the benchmark can measure the simulator
 * and the machine over the same window.
 */
@Command(
        name = "headroom-consumer",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Headroom's client against one agent: freshness, CPU and memory over a window; fleet read times.")
public final class HeadroomConsumer implements Callable<Integer> {

    private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(3);
    private static final int READ_RUNS = 5;

    @Option(names = "--agent", required = true, description = "The simulator's gRPC address, HOST:PORT.")
    String agent;

    @Option(names = "--gpus", required = true, description = "GPUs the simulator serves.")
    int gpus;

    @Option(names = "--warm-up-seconds", defaultValue = "15")
    int warmUpSeconds;

    @Option(names = "--window-seconds", defaultValue = "45")
    int windowSeconds;

    @Option(names = "--probe-ms", defaultValue = "1000")
    int probeMillis;

    @Option(names = "--result", required = true, description = "Where to write the figures (a properties file).")
    Path result;

    public static void main(String[] args) {
        System.exit(new CommandLine(new HeadroomConsumer()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        var endpoint = AgentEndpoint.parse(agent);
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        var board = new ConnectionBoard(List.of(endpoint.toString()));
        var figures = new Properties();
        try (var client = new FleetClient(
                        List.of(endpoint), fleet, board, ClientOptions.defaults("prometheus-comparison"))
                .start()) {
            awaitFleet(client, fleet);
            System.out.printf(
                    "connected: %,d GPUs; warming up for %d s%n", fleet.layout().gpuCount(), warmUpSeconds);
            Thread.sleep(warmUpSeconds * 1000L);

            long pid = ProcessHandle.current().pid();
            double cpu0 = ProcessCpu.cpuSeconds(pid);
            long wall0 = System.nanoTime();
            System.out.println("window starts");
            System.out.flush();
            Histogram ages = FreshnessFigures.histogram();
            long missing = 0;
            int probes = 0;
            var probe = new FreshnessProbe(Duration.ofMillis(probeMillis));
            long end = wall0 + windowSeconds * 1_000_000_000L;
            while (probe.awaitNext(end)) {
                missing += probeOnce(fleet.current(), ages);
                probes++;
            }
            double cpu1 = ProcessCpu.cpuSeconds(pid);
            long wall1 = System.nanoTime();
            System.out.println("window ends");
            System.out.flush();
            ProcessMemory memory = ProcessMemory.ofThisProcess();

            FreshnessFigures.of(ages, missing, probes).writeTo(figures, "freshness.");
            figures.setProperty("window.seconds", Double.toString((wall1 - wall0) / 1e9));
            figures.setProperty("cpu.seconds", Double.toString(cpu1 - cpu0));
            figures.setProperty("rss.bytes", Long.toString(memory.residentBytes()));
            figures.setProperty("rss.peak.bytes", Long.toString(memory.peakResidentBytes()));
            figures.setProperty("samples.written", Long.toString(fleet.current().samplesWritten()));
            figures.setProperty("coalesced.samples", Long.toString(client.coalescedSamples()));
            figures.setProperty(
                    "missed.batches",
                    Long.toString(client.connections().stream()
                            .mapToLong(AgentConnection::missedBatches)
                            .sum()));

            readEveryField(fleet.current()).writeTo(figures, "read.all.");
            readUtilization(fleet.current()).writeTo(figures, "read.one.");
            readSummary(fleet.current()).writeTo(figures, "read.summary.");
            figures.setProperty(
                    "rss.peak.after.reads.bytes",
                    Long.toString(ProcessMemory.ofThisProcess().peakResidentBytes()));
        }
        try (OutputStream out = Files.newOutputStream(result)) {
            figures.store(out, "Headroom consumer");
        }
        return 0;
    }

    private void awaitFleet(FleetClient client, FleetState fleet) throws InterruptedException {
        long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (client.connections().stream().allMatch(AgentConnection::isOnline)
                    && fleet.layout().gpuCount() >= gpus) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("after " + CONNECT_TIMEOUT.toSeconds() + " s the client holds "
                + fleet.layout().gpuCount() + " of " + gpus + " GPUs from " + agent);
    }

    /** Records every GPU's age at this instant; returns how many GPUs had no value yet. */
    private static long probeOnce(FleetTelemetry table, Histogram ages) {
        long now = System.currentTimeMillis();
        long missing = 0;
        for (int gpu = 0, n = table.layout().gpuCount(); gpu < n; gpu++) {
            long sampled = table.sampleTime(gpu);
            if (sampled == 0) {
                missing++;
            } else {
                FreshnessFigures.record(ages, now - sampled, 1);
            }
        }
        return missing;
    }

    /**
     * Every value of every GPU and MIG slice copied out of the fleet state, the counterpart of
     * a PromQL query over every DCGM series: the thirteen fields the simulator's dcgm pages
     * carry, plus each sample's time.
     */
    private static ReadTimes readEveryField(FleetTelemetry table) {
        int slots = table.layout().slotCount();
        var copy = new FleetCopy(slots);
        double[] millis = new double[READ_RUNS];
        long values = 0;
        for (int run = 0; run < READ_RUNS; run++) {
            long start = System.nanoTime();
            values = copy.readFrom(table);
            millis[run] = (System.nanoTime() - start) / 1e6;
        }
        return ReadTimes.of(millis, values);
    }

    /** Every GPU's utilization (activity under MIG), the counterpart of a PromQL query for DCGM_FI_DEV_GPU_UTIL. */
    private static ReadTimes readUtilization(FleetTelemetry table) {
        int gpus = table.layout().gpuCount();
        float[] utilization = new float[gpus];
        double[] millis = new double[READ_RUNS];
        for (int run = 0; run < READ_RUNS; run++) {
            long start = System.nanoTime();
            for (int g = 0; g < gpus; g++) {
                utilization[g] = table.utilizationPct(g);
            }
            millis[run] = (System.nanoTime() - start) / 1e6;
        }
        return ReadTimes.of(millis, gpus);
    }

    /** What the console computes for its overview and heatmap: every GPU's state and the headline figures. */
    private static ReadTimes readSummary(FleetTelemetry table) {
        var classifier = new IdleClassifier(IdleThresholds.DEFAULTS);
        double[] millis = new double[READ_RUNS];
        FleetSummary summary = null;
        for (int run = 0; run < READ_RUNS; run++) {
            long start = System.nanoTime();
            summary = FleetSummary.of(table, classifier, System.currentTimeMillis(), summary);
            millis[run] = (System.nanoTime() - start) / 1e6;
        }
        return ReadTimes.of(millis, summary.gpuCount());
    }

    /** Plain arrays, one per field, as a view model might keep them. */
    private static final class FleetCopy {
        final long[] time;
        final float[] utilization;
        final float[] smActive;
        final float[] memoryUsed;
        final float[] memoryFree;
        final float[] power;
        final float[] powerLimit;
        final float[] gpuTemp;
        final float[] memoryTemp;
        final float[] smClock;
        final long[] throttle;
        final int[] xid;
        final int[] ecc;
        final int[] remapped;

        FleetCopy(int slots) {
            time = new long[slots];
            utilization = new float[slots];
            smActive = new float[slots];
            memoryUsed = new float[slots];
            memoryFree = new float[slots];
            power = new float[slots];
            powerLimit = new float[slots];
            gpuTemp = new float[slots];
            memoryTemp = new float[slots];
            smClock = new float[slots];
            throttle = new long[slots];
            xid = new int[slots];
            ecc = new int[slots];
            remapped = new int[slots];
        }

        long readFrom(FleetTelemetry t) {
            int slots = Math.min(time.length, t.layout().slotCount());
            for (int s = 0; s < slots; s++) {
                time[s] = t.sampleTime(s);
                utilization[s] = t.utilizationPct(s);
                smActive[s] = t.smActivePct(s);
                memoryUsed[s] = t.memoryUsedMib(s);
                memoryFree[s] = t.layout().memoryTotalMib(s) - memoryUsed[s];
                power[s] = t.powerW(s);
                powerLimit[s] = t.powerLimitW(s);
                gpuTemp[s] = t.gpuTempC(s);
                memoryTemp[s] = t.memoryTempC(s);
                smClock[s] = t.smClockMhz(s);
                throttle[s] = t.throttleReasons(s);
                xid[s] = t.lastXid(s);
                ecc[s] = t.eccUncorrectable(s);
                remapped[s] = t.remappedRowFailures(s);
            }
            return 13L * slots;
        }
    }
}

package io.headroom.bench.history;

import io.headroom.agent.history.AcceleratorRow;
import io.headroom.agent.history.HistoryQuery;
import io.headroom.agent.history.PeriodCursor;
import io.headroom.agent.history.keeper.HistoryKeeper;
import io.headroom.agent.server.TelemetryPublisher;
import io.headroom.agent.simulated.SimulatedSource;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.agent.simulator.FleetSimulator;
import io.headroom.agent.workloads.WorkloadBook;
import io.headroom.protocol.v1.HistoryResolution;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What a node's history keeper costs: CPU per second of telemetry (the round on the ticker thread
 * plus the keeper's own writing thread) and disk bytes per GPU-day, for a simulated node at 1 Hz
 * run through simulated hours as fast as it goes. Each simulated second is one real second on a
 * node, so CPU seconds over simulated seconds is the share of a core the keeper takes there.
 */
@Command(
        name = "agent-history",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "A node's history keeper: CPU share and disk per GPU-day (docs/benchmarks/history.md).")
public final class AgentHistoryBenchmark implements Callable<Integer> {

    private static final long START = 1_796_083_200_000L; // 2026-12-01T00:00:00Z

    @Option(names = "--gpus", defaultValue = "8", description = "GPUs on the node (default: ${DEFAULT-VALUE}).")
    int gpus;

    @Option(
            names = "--hours",
            defaultValue = "26",
            description = "Simulated hours at 1 Hz (default: ${DEFAULT-VALUE}: a whole day closes).")
    int hours;

    @Option(names = "--directory", description = "Where to write the files (default: a temporary folder).")
    Path directory;

    @Override
    public Integer call() throws Exception {
        Path dir = directory != null ? directory : Files.createTempDirectory("headroom-history-bench");
        var simulator = new FleetSimulator(FleetShape.forGpus(gpus), 42, START - 3_600_000L, 1000, "");
        var publisher = new TelemetryPublisher(new SimulatedSource(simulator), 16, InstantSource.system());
        var book = new WorkloadBook();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long seconds = hours * 3600L;
        long roundNanos = 0;
        try (HistoryKeeper keeper = HistoryKeeper.open(dir, START)) {
            publisher.tick(START);
            keeper.onRound(publisher.latest(), START, book); // starts the keeper's thread
            keeper.awaitWritten();
            long writerId = writerThread();
            long writerBefore = threads.getThreadCpuTime(writerId);
            for (long s = 1; s < seconds; s++) {
                long t = START + s * 1000;
                publisher.tick(t);
                long before = threads.getCurrentThreadCpuTime();
                keeper.onRound(publisher.latest(), t, book);
                roundNanos += threads.getCurrentThreadCpuTime() - before;
                if (s % 3600 == 0) {
                    keeper.awaitWritten();
                }
            }
            keeper.awaitWritten();
            long writerNanos = threads.getThreadCpuTime(writerId) - writerBefore;
            int slots = publisher.latest().layout().slotCount();

            long answerStart = System.nanoTime();
            int rows = 0;
            try (PeriodCursor cursor = keeper.open(new HistoryQuery(
                    START, START + 24 * 3_600_000L, HistoryResolution.HISTORY_RESOLUTION_MINUTE, Set.of()))) {
                List<AcceleratorRow> period;
                while ((period = cursor.next()) != null) {
                    rows += period.size();
                }
            }
            double answerMs = (System.nanoTime() - answerStart) / 1e6;

            double gpuDays = gpus * (seconds / 86_400.0);
            double cpuShare = (roundNanos + writerNanos) / 1e9 / seconds;
            System.out.printf(
                    "node: %d GPUs (%d GPUs and MIG slices kept), 1 Hz, %d simulated hours%n", gpus, slots, hours);
            System.out.printf(
                    "CPU: rounds %.3f s + writing %.3f s over %d s of telemetry = %.4f %% of one core%n",
                    roundNanos / 1e9, writerNanos / 1e9, seconds, 100 * cpuShare);
            double slotDays = slots * (seconds / 86_400.0);
            long[] retentionDays = {2, 90, 730};
            double bound = 0;
            List<String> kinds = List.of("minutes", "hours", "days");
            for (int k = 0; k < kinds.size(); k++) {
                long bytes = bytes(dir, kinds.get(k));
                double perGpuDay = bytes / gpuDays;
                System.out.printf(
                        "disk %-7s %,12d bytes = %,10.0f bytes per GPU-day (%,8.0f per GPU or slice)%n",
                        kinds.get(k), bytes, perGpuDay, bytes / slotDays);
                bound += perGpuDay * retentionDays[k];
            }
            System.out.printf(
                    "bound at full retention (48 h, 90 days, 2 years): about %,.0f bytes per GPU,"
                            + " %,.0f for this node%n",
                    bound, bound * gpus);
            System.out.printf("answer: 24 h of minutes, %,d rows read in %.0f ms%n", rows, answerMs);
            System.out.printf("minutes dropped (keeper behind): %d%n", keeper.minutesDropped());
        } finally {
            publisher.close();
            if (directory == null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
        }
        return 0;
    }

    private static long writerThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("history-keeper"))
                .findFirst()
                .orElseThrow()
                .threadId();
    }

    private static long bytes(Path dir, String prefix) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long sum = 0;
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith(prefix + "-"))
                    .toList()) {
                sum += Files.size(p);
            }
            return sum;
        }
    }
}

package io.headroom.bench.history;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.client.history.HistoryBackfill;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.history.BackfillProgress;
import io.headroom.store.LocalStore;
import io.headroom.store.cache.CacheWriter;
import io.headroom.store.history.HistorySettings;
import io.headroom.store.history.StoreHistoryArchive;
import io.headroom.wire.AgentEndpoint;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A console filling its store from the simulator's past over loopback gRPC: the hours of the
 * look-back for the whole fleet (and the minutes of the last two hours), as a fresh console
 * does on first start. Time to the end, heap growth, bytes on the wire per GPU-day.
 */
@Command(
        name = "backfill",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "A fresh console fills its history from the simulator directly (docs/benchmarks/history.md).")
public final class BackfillBenchmark implements Callable<Integer> {

    @Option(names = "--gpus", defaultValue = "100000", description = "GPUs (default: ${DEFAULT-VALUE}).")
    int gpus;

    @Option(names = "--days", defaultValue = "30", description = "Days of hours to fill (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--dir",
            description = "Where the store goes; emptied first (default: bench/target/backfill-bench).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path where = dir != null ? dir : Path.of("bench", "target", "backfill-bench");
        emptied(where);
        var shape = FleetShape.forGpus(gpus);
        System.out.printf("backfill: %d GPUs, %d days of hours, store in %s%n", shape.gpus(), days, where);
        try (var agent = SimulatorAgent.create(shape, 42, 1000, "", 30, InstantSource.system())
                        .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                LocalStore store = LocalStore.open(where).store()) {
            var fleet = new FleetState(IdleThresholds.DEFAULTS);
            fleet.install(agent.simulator().inventory());
            try (var writer = CacheWriter.start(store, fleet, CacheWriter.Settings.DEFAULTS)) {
                writer.saveNow(); // the inventory: the store numbers the accelerators from it
                var channel = Grpc.newChannelBuilderForAddress(
                                "127.0.0.1", agent.port(), InsecureChannelCredentials.create())
                        .maxInboundMessageSize(32 << 20)
                        .build();
                var progress = new BackfillProgress();
                var memory = ManagementFactory.getMemoryMXBean();
                System.gc();
                long heapBefore = memory.getHeapMemoryUsage().getUsed();
                var peak = new AtomicLong(heapBefore);
                var sampler = Thread.ofPlatform().daemon().start(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                try (var backfill = new HistoryBackfill(
                        new StoreHistoryArchive(store, HistorySettings.DEFAULTS),
                        progress,
                        Duration.ofDays(days),
                        InstantSource.system(),
                        "bench")) {
                    long start = System.nanoTime();
                    backfill.connected(new AgentEndpoint("127.0.0.1", agent.port()), channel);
                    while (progress.phase() != BackfillProgress.Phase.DONE
                            && progress.phase() != BackfillProgress.Phase.INTERRUPTED) {
                        Thread.sleep(20);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    sampler.interrupt();
                    System.gc();
                    long heapAfter = memory.getHeapMemoryUsage().getUsed();
                    int accelerators = agent.simulator().inventory().nodes().stream()
                            .mapToInt(n -> n.accelerators().stream()
                                    .mapToInt(a -> 1 + a.slices().size())
                                    .sum())
                            .sum();
                    double acceleratorDays = accelerators * (double) days;
                    System.out.printf("outcome: %s%n", progress.phase());
                    System.out.printf("time: %.1f s%n", seconds);
                    System.out.printf(
                            "heap: %.0f MiB before, peak %.0f MiB (+%.0f), %.0f MiB after GC (+%.0f); simulator in the same JVM%n",
                            mib(heapBefore),
                            mib(peak.get()),
                            mib(peak.get() - heapBefore),
                            mib(heapAfter),
                            mib(heapAfter - heapBefore));
                    System.out.printf(
                            "wire: %.1f MiB, %.0f bytes per accelerator-day (%d GPUs and MIG slices)%n",
                            mib(backfill.bytesReceived()), backfill.bytesReceived() / acceleratorDays, accelerators);
                    System.out.printf("store: %.0f MiB on disk%n", mib(sizeOf(where)));
                }
                channel.shutdownNow();
            }
        }
        return 0;
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    private static long sizeOf(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    private static void emptied(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
    }
}

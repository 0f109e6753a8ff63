package io.headroom.bench.history;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.headroom.bench.BenchPaths;
import io.headroom.bench.LocalFleet;
import io.headroom.bench.ProcessCpu;
import io.headroom.client.history.HistoryBackfill;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.history.BackfillProgress;
import io.headroom.core.testing.ChildJvm;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetInventoryRequest;
import io.headroom.store.LocalStore;
import io.headroom.store.cache.CacheWriter;
import io.headroom.store.history.HistorySettings;
import io.headroom.store.history.StoreHistoryArchive;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.InventoryCodec;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A fresh console filling its store from the simulated site's past, as it does on first start:
 * simulator agents in JVMs of their own behind a chain of relays (each a JVM of its own), the
 * console (this JVM: backfill, gRPC client, H2 store) connected to the last relay. Closed hours
 * come as hall, rack, pool and tenant rows (the console's way) unless {@code --per-accelerator-hours}
 * asks some per GPU. Time to the end, the console's heap growth, bytes on the wire per GPU-day,
 * and CPU seconds per process, to say where the time goes.
 */
@Command(
        name = "backfill",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "A fresh console fills its history through relays from simulator agents (docs/benchmarks/history.md).")
public final class BackfillBenchmark implements Callable<Integer> {

    private static final long HOUR_MS = 3_600_000L;

    @Option(names = "--gpus", defaultValue = "100000", description = "GPUs (default: ${DEFAULT-VALUE}).")
    int gpus;

    @Option(names = "--days", defaultValue = "30", description = "Days of hours to fill (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--agents",
            defaultValue = "2",
            description = "Simulator agent processes sharing the GPUs (default: ${DEFAULT-VALUE}).")
    int agents;

    @Option(
            names = "--relays",
            defaultValue = "2",
            description = "Relays one behind the other between the agents and the console; 0 connects to a single agent"
                    + " directly (default: ${DEFAULT-VALUE}).")
    int relays;

    @Option(
            names = "--agent-interval-ms",
            defaultValue = "1000",
            description = "How often the agents sample their live fleet, streamed through the relays meanwhile"
                    + " (default: ${DEFAULT-VALUE}).")
    int agentIntervalMs;

    @Option(
            names = "--per-accelerator-hours",
            defaultValue = "0",
            description = "Closed hours asked per GPU and MIG slice rather than as groups (default: ${DEFAULT-VALUE},"
                    + " as the console).")
    int perAcceleratorHours;

    @Option(
            names = "--open-hour-minutes",
            description = "Also fill the open hour's minutes per GPU (the console does; left out by default so the"
                    + " figure is the hours').")
    boolean openHourMinutes;

    @Option(
            names = "--agent-jvm-options",
            split = " ",
            defaultValue = "-Xmx4g -XX:+UseParallelGC",
            description = "JVM options of every agent (default: ${DEFAULT-VALUE}).")
    List<String> agentJvmOptions;

    @Option(
            names = "--relay-jvm-options",
            split = " ",
            defaultValue = "-Xmx2g",
            description = "JVM options of every relay (default: ${DEFAULT-VALUE}).")
    List<String> relayJvmOptions;

    @Option(
            names = "--agents-model-when-asked",
            description = "Let the simulator agents model their month of GPU-hours when the console asks, rather than "
                    + "grouping it at their start before the clock runs (a real agent reads its own node's past).")
    boolean modelWhenAsked;

    @Option(names = "--agent-jar", description = "The agent jar (default: node-agent/target/headroom-agent.jar).")
    Path agentJar;

    @Option(
            names = "--dir",
            description = "Where the store goes; emptied first (default: bench/target/backfill-bench).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path where = dir != null ? dir : BenchPaths.work("backfill-bench");
        emptied(where);
        Path logs = BenchPaths.logs();
        Files.createDirectories(logs);
        int agentCount = relays == 0 ? 1 : agents;
        System.out.printf(
                "backfill: %d GPUs in %d agent JVM(s) behind %d chained relay JVM(s), %d days of hours, store in %s%n",
                gpus, agentCount, relays, days, where);
        try (LocalFleet site = LocalFleet.chained(
                        gpus,
                        agentCount,
                        relays,
                        agentIntervalMs,
                        42,
                        agentJar != null ? agentJar : BenchPaths.agentJar(),
                        agentJvmOptions,
                        relayJvmOptions,
                        modelWhenAsked ? List.of() : List.of("--group-past-ahead"),
                        logs);
                LocalStore store = LocalStore.open(where).store()) {
            for (ChildJvm child : site.children()) {
                child.lines().stream()
                        .filter(line -> line.contains("grouped") && line.contains("ahead"))
                        .forEach(line -> System.out.printf("%s: %s%n", child.name(), line));
            }
            AgentEndpoint endpoint = site.consoleEndpoints().getFirst();
            ManagedChannel channel = Grpc.newChannelBuilderForAddress(
                            endpoint.host(), endpoint.port(), InsecureChannelCredentials.create())
                    .maxInboundMessageSize(32 << 20)
                    .build();
            Inventory inventory = wholeInventory(channel, site.simulatedGpus());
            var fleet = new FleetState(IdleThresholds.DEFAULTS);
            fleet.install(inventory);
            int accelerators = inventory.nodes().stream()
                    .mapToInt(n -> n.accelerators().stream()
                            .mapToInt(a -> 1 + a.slices().size())
                            .sum())
                    .sum();
            int wholeGpus = inventory.nodes().stream()
                    .mapToInt(n -> n.accelerators().size())
                    .sum();
            // Closed hours end where the open one starts: without its minutes, the console's clock stands at that
            // start.
            long now = System.currentTimeMillis();
            InstantSource clock = openHourMinutes
                    ? InstantSource.system()
                    : InstantSource.fixed(Instant.ofEpochMilli(Math.floorDiv(now, HOUR_MS) * HOUR_MS));
            try (var writer = CacheWriter.start(store, fleet, CacheWriter.Settings.DEFAULTS)) {
                writer.saveNow(); // the inventory: the store numbers the accelerators and groups from it
                var progress = new BackfillProgress();
                var memory = ManagementFactory.getMemoryMXBean();
                System.gc();
                long heapBefore = memory.getHeapMemoryUsage().getUsed();
                var peak = new AtomicLong(heapBefore);
                var sampler = Thread.ofPlatform().daemon().start(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                double[] cpuBefore = cpu(site.children());
                double consoleCpuBefore =
                        ProcessCpu.cpuSeconds(ProcessHandle.current().pid());
                try (var backfill = new HistoryBackfill(
                        new StoreHistoryArchive(store, HistorySettings.DEFAULTS),
                        progress,
                        Duration.ofDays(days),
                        Duration.ofHours(perAcceleratorHours),
                        clock,
                        "bench")) {
                    long start = System.nanoTime();
                    backfill.connected(endpoint, channel);
                    while (progress.phase() != BackfillProgress.Phase.DONE
                            && progress.phase() != BackfillProgress.Phase.INTERRUPTED) {
                        Thread.sleep(10);
                    }
                    // The backfill waits 2 s after connect before it asks (the console's first frames come first).
                    double seconds = (System.nanoTime() - start) / 1e9 - 2.0;
                    double consoleCpu =
                            ProcessCpu.cpuSeconds(ProcessHandle.current().pid()) - consoleCpuBefore;
                    double[] cpuAfter = cpu(site.children());
                    sampler.interrupt();
                    System.gc();
                    long heapAfter = memory.getHeapMemoryUsage().getUsed();
                    double gpuDays = wholeGpus * (double) days;
                    System.out.printf("outcome: %s, %d hours%n", progress.phase(), days * 24);
                    System.out.printf("time: %.1f s (from the first GetHistory to the last hour stored)%n", seconds);
                    System.out.printf(
                            "console heap: %.0f MiB before, peak %.0f MiB (+%.0f), %.0f MiB after GC (+%.0f)%n",
                            mib(heapBefore),
                            mib(peak.get()),
                            mib(peak.get() - heapBefore),
                            mib(heapAfter),
                            mib(heapAfter - heapBefore));
                    System.out.printf(
                            "wire: %.2f MiB, %.1f bytes per GPU-day (%d GPUs, %d with MIG slices)%n",
                            mib(backfill.bytesReceived()), backfill.bytesReceived() / gpuDays, wholeGpus, accelerators);
                    System.out.printf("cpu: console %.1f s", consoleCpu);
                    List<ChildJvm> children = site.children();
                    for (int i = 0; i < children.size(); i++) {
                        System.out.printf(", %s %.1f s", children.get(i).name(), cpuAfter[i] - cpuBefore[i]);
                    }
                    System.out.println();
                    System.out.printf("store: %.0f MiB on disk%n", mib(sizeOf(where)));
                }
            } finally {
                channel.shutdownNow();
            }
        }
        return 0;
    }

    /** The relays' merged inventory once it holds every GPU the agents simulate (a relay fills in as its upstreams connect). */
    private static Inventory wholeInventory(ManagedChannel channel, int expectedGpus) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        int seen = -1;
        while (System.nanoTime() < deadline) {
            try {
                Inventory inventory = InventoryCodec.fromProto(AgentGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(30, TimeUnit.SECONDS)
                        .getInventory(GetInventoryRequest.getDefaultInstance()));
                seen = inventory.nodes().stream()
                        .mapToInt(n -> n.accelerators().size())
                        .sum();
                if (seen >= expectedGpus) {
                    return inventory;
                }
            } catch (io.grpc.StatusRuntimeException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(
                "the console's endpoint served " + seen + " of " + expectedGpus + " GPUs after 3 minutes");
    }

    private static double[] cpu(List<ChildJvm> children) {
        return children.stream()
                .mapToDouble(c -> ProcessCpu.cpuSeconds(c.pid()))
                .toArray();
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

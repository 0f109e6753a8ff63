package io.headroom.bench.history;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryGrouping;
import io.headroom.protocol.v1.HistoryResolution;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What the simulator's GetHistory costs it, per answer over loopback gRPC: per accelerator by
 * hour (what a console's backfill asks) and by day grouped by pool, tenant, account and user (what
 * the Showback page asks; the owner groupings work out who held each GPU each hour).
 */
@Command(
        name = "simulator-history",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "The simulator's GetHistory answers, per accelerator and grouped (docs/benchmarks/history.md).")
public final class SimulatorHistoryBenchmark implements Callable<Integer> {

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    /** The whole process's CPU time, simulator and client together: less swayed by the machine's load than wall time. */
    private static final com.sun.management.OperatingSystemMXBean CPU = (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    @Option(names = "--gpus", defaultValue = "10240", description = "GPUs (default: ${DEFAULT-VALUE}).")
    int gpus;

    @Option(
            names = "--hours",
            defaultValue = "24",
            description = "Hours of per-accelerator rows (default: ${DEFAULT-VALUE}).")
    int hours;

    @Option(names = "--days", defaultValue = "30", description = "Days of grouped rows (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--runs",
            defaultValue = "5",
            description = "Timed runs of each answer (default: ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() throws Exception {
        var shape = FleetShape.forGpus(gpus);
        try (var agent = SimulatorAgent.create(shape, 42, 1000, "", 30, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            var channel = Grpc.newChannelBuilderForAddress(
                            "127.0.0.1", agent.port(), InsecureChannelCredentials.create())
                    .maxInboundMessageSize(32 << 20)
                    .build();
            var stub = AgentGrpc.newBlockingStub(channel);
            long hourEnd = Math.floorDiv(System.currentTimeMillis(), HOUR) * HOUR;
            long dayEnd = Math.floorDiv(System.currentTimeMillis(), DAY) * DAY;
            System.out.printf(
                    "simulator-history: %d GPUs, %d hours per accelerator, %d days grouped, %d runs each%n",
                    shape.gpus(), hours, days, runs);
            time(
                    stub,
                    "accelerator x hour",
                    request(
                            hourEnd - hours * HOUR,
                            hourEnd,
                            HistoryResolution.HISTORY_RESOLUTION_HOUR,
                            HistoryGrouping.HISTORY_GROUPING_ACCELERATOR));
            for (HistoryGrouping grouping : new HistoryGrouping[] {
                HistoryGrouping.HISTORY_GROUPING_POOL,
                HistoryGrouping.HISTORY_GROUPING_TENANT,
                HistoryGrouping.HISTORY_GROUPING_ACCOUNT,
                HistoryGrouping.HISTORY_GROUPING_USER
            }) {
                String name = grouping.name().replace("HISTORY_GROUPING_", "").toLowerCase(Locale.ROOT) + " x day";
                time(
                        stub,
                        name,
                        request(dayEnd - days * DAY, dayEnd, HistoryResolution.HISTORY_RESOLUTION_DAY, grouping));
            }
            channel.shutdownNow();
        }
        return 0;
    }

    private static GetHistoryRequest request(
            long from, long to, HistoryResolution resolution, HistoryGrouping grouping) {
        return GetHistoryRequest.newBuilder()
                .setClientId("bench")
                .setFromMs(from)
                .setToMs(to)
                .setResolution(resolution)
                .setGrouping(grouping)
                .build();
    }

    private void time(AgentGrpc.AgentBlockingStub stub, String name, GetHistoryRequest request) {
        long rows = answer(stub, request); // warm-up, not counted
        long[] ms = new long[runs];
        long[] cpuMs = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            long cpuStart = CPU.getProcessCpuTime();
            answer(stub, request);
            cpuMs[i] = (CPU.getProcessCpuTime() - cpuStart) / 1_000_000;
            ms[i] = (System.nanoTime() - start) / 1_000_000;
        }
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        long[] cpuSorted = cpuMs.clone();
        Arrays.sort(cpuSorted);
        System.out.printf(
                "%-20s %,10d rows  median %,6d ms (CPU %,6d ms)  fastest %,6d ms (CPU %,6d ms)  runs %s%n",
                name, rows, sorted[runs / 2], cpuSorted[runs / 2], sorted[0], cpuSorted[0], Arrays.toString(ms));
    }

    private static long answer(AgentGrpc.AgentBlockingStub stub, GetHistoryRequest request) {
        long rows = 0;
        var chunks = stub.withDeadlineAfter(10, TimeUnit.MINUTES).getHistory(request);
        while (chunks.hasNext()) {
            rows += chunks.next().getRowsCount();
        }
        return rows;
    }
}

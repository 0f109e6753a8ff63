package io.headroom.bench.workloads;

import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.workload.FleetWorkloads;
import io.headroom.core.workload.Holding;
import io.headroom.core.workload.Workload;
import io.headroom.core.workload.WorkloadKind;
import io.headroom.views.Messages;
import io.headroom.views.holders.IdleHoldersViewModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What knowing who holds the GPUs costs the console at 100,000 GPUs: the heap its workload
 * table takes and grows by under a steady churn of jobs, and the time one refresh of the Idle
 * holders page's model takes (what runs on the FX thread once per pulse). In this JVM, fed as
 * the client feeds it (whole tables, then changes), without gRPC and without painting.
 */
@Command(
        name = "idle-holders",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Console heap and Idle holders refresh under workload churn (docs/benchmarks/idle-holders.md).")
public final class IdleHoldersBenchmark implements Callable<Integer> {

    @Option(names = "--workloads", defaultValue = "10000", description = "Jobs of 8 GPUs (default: ${DEFAULT-VALUE}).")
    int workloads;

    @Option(
            names = "--churn",
            defaultValue = "1000",
            description = "Job starts a minute, and as many ends (default: ${DEFAULT-VALUE}).")
    int churn;

    @Option(names = "--minutes", defaultValue = "30", description = "Simulated minutes (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(
            names = "--held-idle-every",
            defaultValue = "12",
            description = "Every n-th node is held idle (default: ${DEFAULT-VALUE}: about 8 %).")
    int heldIdleEvery;

    @Override
    public Integer call() {
        // 4 halls x 25 rows x 25 racks x 5 nodes x 8 GPUs = 100,000 GPUs on 12,500 nodes.
        TestFleet fleet = TestFleet.of(4, 25, 25, 5, 8, 0);
        FleetTelemetry telemetry = fleet.telemetry();
        int nodes = telemetry.layout().nodeCount();
        long now = 1_760_000_000_000L;
        for (int node = 0; node < nodes; node++) {
            if (node % heldIdleEvery == 0) {
                fleet.heldIdle(node, now);
            } else {
                fleet.busy(node, now);
            }
        }
        var table = new FleetWorkloads();
        var model = new IdleHoldersViewModel(
                table, new IdleClassifier(IdleThresholds.DEFAULTS), new Messages(Locale.SIMPLIFIED_CHINESE));
        long heapFleetOnly = heapAfterGc();

        Deque<Workload> live = new ArrayDeque<>();
        int next = 0;
        for (; next < workloads; next++) {
            live.add(job(next, telemetry, nodes, now));
        }
        table.replace("agent", List.copyOf(live));
        long heapWithTable = heapAfterGc();

        int seconds = minutes * 60;
        // The page refreshes once per pulse (8 a second); the agents' changes land once a second.
        int pulses = 8;
        long[] refreshNanos = new long[seconds * pulses];

        long started = 0;
        for (int s = 0; s < seconds; s++) {
            long due = (long) churn * (s + 1) / 60 - started;
            List<Workload> upserted = new ArrayList<>();
            List<String> ended = new ArrayList<>();
            for (int k = 0; k < due; k++) {
                ended.add(live.removeFirst().id());
                Workload job = job(next++, telemetry, nodes, now);
                live.addLast(job);
                upserted.add(job);
            }
            started += due;
            table.apply("agent", upserted, ended);
            for (int p = 0; p < pulses; p++) {
                long t0 = System.nanoTime();
                // The samples stay as written at `now`: later, they would read as stale rather than held idle.
                model.update(telemetry, now);
                refreshNanos[s * pulses + p] = System.nanoTime() - t0;
            }
        }
        long heapAfter = heapAfterGc();
        Arrays.sort(refreshNanos);

        System.out.printf(
                "fleet: %,d GPUs on %,d nodes, every %d-th node held idle; %,d jobs of 8 GPUs, %,d starts and %,d ends"
                        + " a minute for %d minutes (%,d jobs started in all)%n",
                telemetry.layout().gpuCount(),
                nodes,
                heldIdleEvery,
                workloads,
                churn,
                churn,
                minutes,
                next - workloads);
        System.out.printf(
                "heap after GC: fleet only %.1f MiB; with the workload table %.1f MiB (+%.1f MiB); after the churn"
                        + " %.1f MiB (+%.1f MiB over the table)%n",
                mib(heapFleetOnly),
                mib(heapWithTable),
                mib(heapWithTable - heapFleetOnly),
                mib(heapAfter),
                mib(heapAfter - heapWithTable));
        System.out.printf(
                "Idle holders refresh (rank + rows), %,d refreshes (%d a second, changes landing once a second):"
                        + " p50 %.2f ms, p99 %.2f ms, max %.2f ms; %,d holders listed%n",
                refreshNanos.length,
                pulses,
                refreshNanos[refreshNanos.length / 2] / 1e6,
                refreshNanos[(int) (refreshNanos.length * 0.99)] / 1e6,
                refreshNanos[refreshNanos.length - 1] / 1e6,
                model.rows().size());
        return 0;
    }

    /** Job {@code n} on node {@code n mod nodes}, all its 8 GPUs, as an agent would report it. */
    private static Workload job(int n, FleetTelemetry telemetry, int nodes, long now) {
        String host = telemetry.layout().inventory().nodes().get(n % nodes).hostname();
        List<Holding> holdings = new ArrayList<>(8);
        for (int g = 0; g < 8; g++) {
            holdings.add(Holding.gpu(host, g));
        }
        return new Workload(
                "slurm:cluster:" + (100_000 + n),
                WorkloadKind.SLURM_JOB,
                Integer.toString(100_000 + n),
                "llama3-70b-pretrain",
                "wang.lei",
                "nlp-lab",
                "train",
                "normal",
                "",
                "aurora-lab",
                Optional.of(Instant.ofEpochMilli(now - 3_600_000L)),
                Optional.of(Duration.ofHours(24)),
                true,
                "",
                "",
                Map.of(),
                holdings,
                List.of());
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}

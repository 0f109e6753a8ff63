package io.headroom.bench.workloads;

import io.headroom.agent.server.TelemetryPublisher;
import io.headroom.agent.simulated.SimulatedSource;
import io.headroom.agent.simulated.SimulatedWorkloads;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.agent.simulator.FleetSimulator;
import io.headroom.agent.workloads.WorkloadBook;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadChanges;
import io.headroom.protocol.v1.WorkloadKind;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What telling clients who holds the GPUs costs on the wire, next to the telemetry itself: the bytes of
 * the workload changes the batches carry, and of one GetWorkloads table. Counts serialized protobuf
 * bytes in this JVM (no network, no timing): the simulated fleet's own jobs, then a made-up churn.
 */
@Command(
        name = "workload-bytes",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Bytes of workload changes against telemetry bytes (docs/benchmarks/streaming.md#workload-changes).")
public final class WorkloadBytesBenchmark implements Callable<Integer> {

    private static final long AFTERNOON = 1_741_752_000_000L + 14 * 3_600_000L;

    @Option(names = "--gpus", defaultValue = "100000", description = "GPUs (default: ${DEFAULT-VALUE}).")
    int gpus;

    @Option(
            names = "--telemetry-seconds",
            defaultValue = "30",
            description = "Seconds of 1 s telemetry to count (default: ${DEFAULT-VALUE}).")
    int telemetrySeconds;

    @Option(
            names = "--minutes",
            defaultValue = "10",
            description = "Simulated minutes of job changes to count (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(
            names = "--workloads",
            defaultValue = "10000",
            description = "Workloads of 8 GPUs in the made-up churn (default: ${DEFAULT-VALUE}).")
    int workloads;

    @Option(
            names = "--churn",
            defaultValue = "1000",
            description = "Starts a minute in the made-up churn, and as many ends (default: ${DEFAULT-VALUE}).")
    int churn;

    @Override
    public Integer call() {
        var simulator = new FleetSimulator(FleetShape.forGpus(gpus), 42, AFTERNOON - 3_600_000L, 1000, "");
        var book = new WorkloadBook();
        var fed = new SimulatedWorkloads(simulator, book);
        // The telemetry alone: this publisher's own book stays empty.
        var publisher = new TelemetryPublisher(new SimulatedSource(simulator), 1_000_000, InstantSource.system());
        try {
            publisher.tick(AFTERNOON);
            fed.refresh();
            var _ = book.takeChanges();
            int table = book.table("simulator").getSerializedSize();
            long before = publisher.hub().bytesHeld();
            for (int s = 1; s <= telemetrySeconds; s++) {
                publisher.tick(AFTERNOON + s * 1000L);
            }
            long telemetryPerSecond = (publisher.hub().bytesHeld() - before) / telemetrySeconds;
            int fleetGpus = simulator.inventory().nodes().stream()
                    .mapToInt(n -> n.accelerators().size())
                    .sum();
            System.out.printf(
                    "fleet: %,d GPUs, %,d workloads; GetWorkloads table %,d bytes%n", fleetGpus, book.size(), table);
            System.out.printf(
                    "telemetry: %,d bytes a second (%d s of 1 s batches)%n", telemetryPerSecond, telemetrySeconds);
            simulatedJobs(simulator, fed, book, telemetryPerSecond);
            madeUpChurn(telemetryPerSecond);
        } finally {
            publisher.close();
        }
        return 0;
    }

    /** The simulator's own jobs, one batch a simulated minute (its jobs change only on the minute). */
    private void simulatedJobs(FleetSimulator simulator, SimulatedWorkloads fed, WorkloadBook book, long telemetry) {
        Set<String> known = new HashSet<>();
        book.table("simulator").getWorkloadsList().forEach(w -> known.add(w.getId()));
        var state = new FleetState(IdleThresholds.DEFAULTS);
        state.install(simulator.inventory());
        long bytes = 0;
        int starts = 0;
        int ends = 0;
        for (int m = 1; m <= minutes; m++) {
            simulator.tick(AFTERNOON + telemetrySeconds * 1000L + m * 60_000L, state.current());
            fed.refresh();
            Optional<WorkloadChanges> changes = book.takeChanges();
            if (changes.isPresent()) {
                bytes += changes.get().getSerializedSize();
                for (Workload w : changes.get().getUpsertedList()) {
                    starts += known.add(w.getId()) ? 1 : 0;
                }
                for (String id : changes.get().getEndedList()) {
                    ends += known.remove(id) ? 1 : 0;
                }
            }
        }
        System.out.printf(
                "simulated jobs: %.0f starts and %.0f ends a minute, %,d bytes of changes a minute"
                        + " = %.4f %% of the telemetry%n",
                starts / (double) minutes,
                ends / (double) minutes,
                bytes / minutes,
                100.0 * bytes / minutes / (telemetry * 60.0));
    }

    /** {@link #workloads} jobs of 8 GPUs, {@link #churn} starts and as many ends a minute, a batch a second. */
    private void madeUpChurn(long telemetry) {
        var book = new WorkloadBook();
        Map<String, Workload> live = new LinkedHashMap<>();
        int next = 0;
        for (; next < workloads; next++) {
            live.put(id(next), job(next));
        }
        book.replace("agents", live.values());
        var _ = book.takeChanges();
        long bytes = 0;
        int seconds = 600;
        long started = 0;
        for (int s = 0; s < seconds; s++) {
            long due = (long) churn * (s + 1) / 60 - started; // spread evenly over the minute
            for (int k = 0; k < due; k++) {
                live.remove(live.keySet().iterator().next());
                live.put(id(next), job(next));
                next++;
            }
            started += due;
            book.replace("agents", live.values());
            bytes += book.takeChanges().map(c -> (long) c.getSerializedSize()).orElse(0L);
        }
        System.out.printf(
                "made-up churn: %,d workloads, %,d starts and %,d ends a minute: %,d bytes of changes a second"
                        + " = %.3f %% of the telemetry; table %,d bytes%n",
                workloads,
                churn,
                churn,
                bytes / seconds,
                100.0 * bytes / seconds / telemetry,
                book.table("agents").getSerializedSize());
    }

    private static String id(int n) {
        return "slurm:cluster:" + (100_000 + n);
    }

    /** A Slurm job on one 8-GPU node, named as the simulator names them. */
    private static Workload job(int n) {
        var job = Workload.newBuilder()
                .setId(id(n))
                .setKind(WorkloadKind.WORKLOAD_KIND_SLURM_JOB)
                .setSchedulerId(Integer.toString(100_000 + n))
                .setName("llama3-70b-pretrain")
                .setUser("wang.lei")
                .setAccount("nlp-lab")
                .setPool("train")
                .setQos("normal")
                .setTenant("aurora-lab")
                .setStartTimeMs(AFTERNOON - n * 1000L)
                .setTimeLimitMs(86_400_000L)
                .setRequeueable(true);
        String host = "gpu-h" + (n % 4 + 1) + "-a" + String.format("%02d", n % 40) + "-n" + (n % 8);
        for (int g = 0; g < 8; g++) {
            job.addHoldings(Holding.newBuilder().setHostname(host).setGpuIndex(g));
        }
        return job.build();
    }
}

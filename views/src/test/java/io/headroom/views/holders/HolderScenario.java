package io.headroom.views.holders;

import io.headroom.core.fleet.TestFleet;
import io.headroom.core.workload.ComputeProcess;
import io.headroom.core.workload.FleetWorkloads;
import io.headroom.core.workload.Holding;
import io.headroom.core.workload.TestWorkloads;
import io.headroom.core.workload.Workload;
import io.headroom.core.workload.WorkloadKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A 320-GPU test fleet (40 nodes) where some jobs and pods sit on idle GPUs: a two-node Slurm
 * job idle for five hours, a notebook pod, a job half busy and half idle, a hand-started
 * process; the rest of the fleet busy under jobs that do not show.
 */
public final class HolderScenario {

    public static final long NOW = Instant.parse("2026-12-05T14:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    public final TestFleet fleet = TestFleet.of(1, 2, 5, 4, 8, 0);
    public final FleetWorkloads workloads = new FleetWorkloads();
    final List<Workload> all = new ArrayList<>();

    public HolderScenario() {
        write(NOW);
        Workload twoNodes = TestWorkloads.slurmJob(
                "81234",
                "alice",
                "physics",
                "gpu-long",
                at(-7 * 60),
                gpus(0, 8, 1, 8).toArray(String[]::new));
        all.add(withProcesses(twoNodes, 0, "python", 41_200));
        all.add(TestWorkloads.pod(
                "ml-research",
                "notebook-jdoe-0",
                "jdoe",
                at(-26 * 60),
                gpus(5, 4).toArray(String[]::new)));
        all.add(TestWorkloads.slurmJob(
                "81302", "bob", "chemistry", "gpu", at(-3 * 60), gpus(9, 8).toArray(String[]::new)));
        var halfIdle = new ArrayList<>(gpus(12, 4));
        halfIdle.addAll(gpus(13, 4));
        all.add(TestWorkloads.slurmJob("81377", "carol", "biology", "gpu", at(-65), halfIdle.toArray(String[]::new)));
        all.add(TestWorkloads.pod(
                "inference",
                "llm-serve-7f9c",
                "svc-llm",
                at(-48 * 60),
                gpus(20, 2).toArray(String[]::new)));
        all.add(process(27, 51_234, "dave"));
        for (int node = 30; node < 40; node += 2) {
            all.add(TestWorkloads.slurmJob(
                    "8200" + node,
                    "erin",
                    "astro",
                    "gpu",
                    at(-90),
                    gpus(node, 8).toArray(String[]::new)));
        }
        workloads.replace("agent", all);
    }

    /** Every node as of {@code now}: the idle ones idle since the same instants, the rest busy. */
    void write(long now) {
        for (int node = 0; node < 40; node++) {
            fleet.busy(node, now);
        }
        fleet.heldIdleSince(0, NOW - 300 * MINUTE, now);
        fleet.heldIdleSince(1, NOW - 300 * MINUTE, now);
        fleet.heldIdleSince(5, NOW - 95 * MINUTE, now);
        fleet.heldIdleSince(9, NOW - 130 * MINUTE, now);
        fleet.heldIdleSince(12, NOW - 45 * MINUTE, now);
        fleet.heldIdleSince(20, NOW - 200 * MINUTE, now);
        fleet.heldIdleSince(27, NOW - 75 * MINUTE, now);
        fleet.freeIdle(33, now);
    }

    String host(int node) {
        return fleet.inventory.nodes().get(node).hostname();
    }

    private List<String> gpus(int node, int count) {
        List<String> gpus = new ArrayList<>();
        for (int gpu = 0; gpu < count; gpu++) {
            gpus.add(host(node) + ":" + gpu);
        }
        return gpus;
    }

    private List<String> gpus(int node, int count, int other, int otherCount) {
        List<String> gpus = new ArrayList<>(gpus(node, count));
        gpus.addAll(gpus(other, otherCount));
        return gpus;
    }

    private static Instant at(long minutesFromNow) {
        return Instant.ofEpochMilli(NOW + minutesFromNow * MINUTE);
    }

    private Workload withProcesses(Workload job, int node, String name, float mib) {
        List<ComputeProcess> processes = new ArrayList<>();
        for (int gpu = 0; gpu < 8; gpu++) {
            processes.add(new ComputeProcess(host(node), gpu, Holding.WHOLE_GPU, 40_100 + gpu, name, mib, job.user()));
        }
        return new Workload(
                job.id(),
                job.kind(),
                job.schedulerId(),
                job.name(),
                job.user(),
                job.account(),
                job.pool(),
                job.qos(),
                job.namespace(),
                job.tenant(),
                job.startedAt(),
                job.timeLimit(),
                job.requeueable(),
                job.ownerKind(),
                job.ownerName(),
                job.labels(),
                job.holdings(),
                processes);
    }

    private Workload process(int node, long pid, String user) {
        return new Workload(
                "process:" + host(node) + ":" + pid,
                WorkloadKind.PROCESS,
                Long.toString(pid),
                "jupyter-kernel",
                user,
                "",
                "",
                "",
                "",
                "",
                Optional.of(at(-4 * 60)),
                Optional.<Duration>empty(),
                false,
                "",
                "",
                Map.of(),
                List.of(Holding.gpu(host(node), 0)),
                List.of(new ComputeProcess(host(node), 0, Holding.WHOLE_GPU, pid, "python3", Float.NaN, user)));
    }
}

package io.headroom.agent.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadKind;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default fleet's jobs as their schedulers would report them, an afternoon in. */
class JobWorkloadsTest {

    private static final long MIDNIGHT = ZonedDateTime.of(2025, 3, 12, 0, 0, 0, 0, ZoneOffset.ofHours(8))
            .toInstant()
            .toEpochMilli();
    private static final long AFTERNOON = MIDNIGHT + 14 * 3_600_000L;

    private static FleetSimulator simulator;
    private static FleetTelemetry telemetry;
    private static List<Workload> workloads;
    /** Slot -> the workload holding it. */
    private static final Map<Integer, Workload> holder = new HashMap<>();

    @BeforeAll
    static void runToTheAfternoon() {
        simulator = new FleetSimulator(FleetShape.DEFAULT, 42, MIDNIGHT, 60_000, "");
        FleetState state = Telemetry.stateFor(simulator);
        for (long t = AFTERNOON - 30 * 60_000L; t <= AFTERNOON; t += 60_000) {
            simulator.tick(t, state.current());
        }
        telemetry = state.current();
        workloads = simulator.workloads();
        FleetLayout layout = telemetry.layout();
        for (Workload w : workloads) {
            for (Holding h : w.getHoldingsList()) {
                int gpu = layout.gpuSlot(layout.nodeIndex(h.getHostname()), h.getGpuIndex());
                int slot = h.hasGpuInstanceId() ? layout.sliceSlot(gpu, h.getGpuInstanceId()) : gpu;
                assertThat(slot)
                        .as("%s holds a unit the inventory has", w.getId())
                        .isNotNegative();
                Workload before = holder.put(slot, w);
                assertThat(before).as("slot %d held twice", slot).isNull();
            }
        }
    }

    @Test
    void everyAllocatedUnitHasExactlyOneHolderAndNothingElseIsHeld() {
        FleetLayout layout = telemetry.layout();
        int allocated = 0;
        for (int s = 0; s < layout.slotCount(); s++) {
            boolean unit =
                    layout.isSlice(s) || layout.sliceCount() == 0 || layout.firstSliceSlot(s) == layout.endSliceSlot(s);
            if (unit && telemetry.allocated(s)) {
                allocated++;
                assertThat(holder)
                        .as("allocated %s has a holder", layout.describe(s))
                        .containsKey(s);
            }
        }
        assertThat(holder).hasSize(allocated);
        assertThat(allocated).isGreaterThan(5_000);
    }

    @Test
    void theHeldIdleGpusAreHeldByIdleNotebooksStalledJobsAndColdReplicas() {
        var classifier = new IdleClassifier(IdleThresholds.DEFAULTS);
        FleetLayout layout = telemetry.layout();
        Map<String, Integer> heldIdleBy = new HashMap<>();
        int heldIdle = 0;
        for (int s = 0; s < layout.gpuCount(); s++) {
            if (classifier.classify(telemetry, s, AFTERNOON) != IdleState.HELD_IDLE) {
                continue;
            }
            heldIdle++;
            Workload w = holder.get(s);
            if (w == null) { // a MIG GPU: held through its slices
                for (int slice = layout.firstSliceSlot(s); slice < layout.endSliceSlot(s) && w == null; slice++) {
                    w = holder.get(slice);
                }
            }
            assertThat(w).as("held-idle %s has a holder", layout.describe(s)).isNotNull();
            String kind = w.getKind() == WorkloadKind.WORKLOAD_KIND_SLURM_JOB ? "slurm" : w.getOwnerKind();
            heldIdleBy.merge(kind, 1, Integer::sum);
        }
        assertThat(heldIdle).isBetween(300, 2_000);
        assertThat(heldIdleBy).containsKeys("slurm", "Notebook", "Deployment");
    }

    @Test
    void theyLookLikeSlurmJobsPodsAndNotebooks() {
        Map<String, List<Workload>> byOwner = workloads.stream()
                .collect(Collectors.groupingBy(
                        w -> w.getKind() == WorkloadKind.WORKLOAD_KIND_SLURM_JOB ? "slurm" : w.getOwnerKind()));
        assertThat(byOwner).containsKeys("slurm", "Deployment", "Job", "Notebook");

        Workload slurm = byOwner.get("slurm").getFirst();
        assertThat(slurm.getId()).isEqualTo("slurm:sim:" + slurm.getSchedulerId());
        assertThat(slurm.getUser()).matches("[a-z]+\\.[a-z]+");
        assertThat(slurm.getAccount()).isNotEmpty();
        assertThat(slurm.getQos()).isIn("normal", "high", "low");
        assertThat(slurm.getPool()).isIn("train", "dev");
        assertThat(slurm.getTimeLimitMs()).isPositive();
        assertThat(slurm.getStartTimeMs()).isLessThanOrEqualTo(AFTERNOON);
        assertThat(byOwner.get("slurm")).anyMatch(Workload::getRequeueable).anyMatch(w -> !w.getRequeueable());
        assertThat(byOwner.get("slurm"))
                .as("array tasks, as Slurm numbers them")
                .anyMatch(w -> w.getSchedulerId().matches("\\d+_\\d+"));
        assertThat(byOwner.get("slurm"))
                .as("multi-node training: one workload on several nodes")
                .anyMatch(w -> w.getHoldingsList().stream()
                                .map(Holding::getHostname)
                                .distinct()
                                .count()
                        >= 2);

        Workload pod = byOwner.get("Deployment").getFirst();
        assertThat(pod.getId()).isEqualTo("k8s:" + pod.getNamespace() + "/" + pod.getSchedulerId());
        assertThat(pod.getNamespace()).isEqualTo(pod.getTenant());
        assertThat(pod.getPool()).isEqualTo("infer");
        assertThat(pod.getSchedulerId()).startsWith(pod.getOwnerName() + "-");
        assertThat(workloads)
                .as("inference on MIG slices")
                .anyMatch(w -> w.getKind() == WorkloadKind.WORKLOAD_KIND_KUBERNETES_POD
                        && w.getHoldingsList().stream().anyMatch(Holding::hasGpuInstanceId));
        assertThat(byOwner.get("Notebook").getFirst().getSchedulerId()).endsWith("-0");

        assertThat(workloads.stream().map(Workload::getId).distinct().count())
                .as("ids are unique")
                .isEqualTo(workloads.size());
    }

    @Test
    void theSameSeedGivesTheSamePeopleAndTheWorkloadsChangeOnlyWithTheJobs() {
        var again = new FleetSimulator(FleetShape.DEFAULT, 42, MIDNIGHT, 60_000, "");
        FleetState state = Telemetry.stateFor(again);
        again.tick(AFTERNOON, state.current());
        assertThat(again.workloads()).isEqualTo(workloads);

        long changes = again.jobChanges();
        again.tick(AFTERNOON + 30_000, state.current()); // the same simulated minute
        assertThat(again.jobChanges()).isEqualTo(changes);
        assertThat(again.workloads()).isSameAs(again.workloads());
        again.tick(AFTERNOON + 60_000, state.current());
        assertThat(again.jobChanges()).isNotEqualTo(changes);
    }
}

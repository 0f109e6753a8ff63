package io.headroom.core.mig;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.SchedulerState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Plans a re-slice: checks the layout against the profile table, then that the GPU may be
 * cut now, then writes the ordered {@code nvidia-smi mig} commands: destroy the compute
 * instances, destroy the GPU instances, create the new ones with their compute instances.
 *
 * <p>It never plans a MIG mode change: that needs a GPU reset, which stays a human's call.
 */
public final class MigPlanner {

    /**
     * What owns the node: Slurm needs the node drained, the agent alone only the GPU unallocated.
     * (Kubernetes re-slices through the GPU Operator's mig.config label, not through these commands.)
     */
    public enum Owner {
        SLURM,
        STANDALONE
    }

    /**
     * The GPU as the agent sees it when asked.
     *
     * @param allocated a job or pod holds it
     * @param busy      its utilization is above the idle threshold
     */
    public record GpuNow(Accelerator gpu, SchedulerState nodeState, boolean allocated, boolean busy) {}

    private final String nvidiaSmi;
    private final Owner owner;

    public MigPlanner(String nvidiaSmi, Owner owner) {
        this.nvidiaSmi = nvidiaSmi;
        this.owner = owner;
    }

    /**
     * Plans the steps that re-slice a GPU into the requested instances.
     *
     * @param requested profile id and start position of each wanted GPU instance
     * @throws MigLayoutProblem the layout breaks a rule, or the GPU may not be re-sliced now
     */
    public MigPlan plan(GpuNow now, List<int[]> requested) throws MigLayoutProblem {
        Accelerator gpu = now.gpu();
        MigLayout layout = MigLayout.check(gpu.model(), gpu.memoryTotalMib(), requested);
        if (!gpu.migEnabled()) {
            throw new MigLayoutProblem("MIG mode is off on GPU " + gpu.index() + " (" + gpu.model() + "); turning it on"
                    + " needs 'nvidia-smi -i " + gpu.index()
                    + " -mig 1' and a GPU reset, which Headroom leaves to a person");
        }
        if (owner == Owner.SLURM && now.nodeState() != SchedulerState.DRAINED) {
            throw new MigLayoutProblem("Slurm cannot re-slice a GPU under a running node: drain the node first (it is "
                    + now.nodeState().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        if (now.allocated()) {
            throw new MigLayoutProblem("GPU " + gpu.index() + " is allocated to a job; re-slice it once it is free");
        }
        if (now.busy()) {
            throw new MigLayoutProblem("GPU " + gpu.index() + " is busy; re-slicing would kill what runs on it");
        }
        String index = String.valueOf(gpu.index());
        List<MigStep> steps = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (sameLayout(gpu.slices(), layout)) {
            notes.add("GPU " + index + " is already sliced this way; nothing to do");
            return new MigPlan(gpu.index(), layout, steps, notes);
        }
        if (!gpu.slices().isEmpty()) {
            steps.add(new MigStep(
                    "destroy the compute instances on GPU " + index, List.of(nvidiaSmi, "mig", "-i", index, "-dci")));
            steps.add(new MigStep(
                    "destroy the GPU instances on GPU " + index, List.of(nvidiaSmi, "mig", "-i", index, "-dgi")));
        }
        String placements =
                layout.instances().stream().map(MigInstance::placementArgument).collect(Collectors.joining(","));
        steps.add(new MigStep(
                "create "
                        + layout.instances().stream()
                                .map(i -> MigLayout.describe(i, gpu.memoryTotalMib()))
                                .collect(Collectors.joining(", "))
                        + " with their compute instances",
                List.of(nvidiaSmi, "mig", "-i", index, "-cgi", placements, "-C")));
        if (owner == Owner.SLURM) {
            notes.add(
                    "Slurm cannot re-slice MIG dynamically: update gres.conf (or let AutoDetect=nvml find the new slices)"
                            + " and restart slurmd on this node before resuming it");
        }
        return new MigPlan(gpu.index(), layout, steps, notes);
    }

    private static boolean sameLayout(List<MigSlice> current, MigLayout wanted) {
        if (current.size() != wanted.instances().size()) {
            return false;
        }
        for (MigSlice slice : current) {
            if (wanted.at(slice.placementStart())
                    .filter(i -> i.profile().id() == slice.profileId())
                    .isEmpty()) {
                return false;
            }
        }
        return true;
    }
}

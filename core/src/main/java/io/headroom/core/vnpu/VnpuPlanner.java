package io.headroom.core.vnpu;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.AscendChip;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import io.headroom.core.fleet.VnpuTemplate;
import io.headroom.core.mig.MigStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plans a re-cut of an Ascend chip into vNPUs, the way {@code MigPlanner} plans a MIG re-slice:
 * checks the layout against {@link VnpuTemplate}'s table (a template of this chip, ids not
 * used twice and in the chip's range, the AI cores and memory not over-committed), then that
 * the card may be cut now, then writes the {@code npu-smi set -t destroy-vnpu} and
 * {@code create-vnpu} commands.
 *
 * <p>Plan-only: Headroom has had no Ascend hardware to run these on, so no agent executes them;
 * the console shows the plan for an operator to carry out. Source of the command forms and the
 * id range: Huawei Ascend npu-smi command reference, "create-vnpu" / "destroy-vnpu" (vNPU ids
 * run from {@code 100 + 16 * phy_id} to {@code 115 + 16 * phy_id}).
 */
public final class VnpuPlanner {

    private static final int FIRST_ID = 100;
    private static final int IDS_PER_CHIP = 16;

    /**
     * The card as the agent sees it when asked.
     *
     * @param card      the Ascend card; its vNPUs are its slices, their ids its {@code gpuInstanceId}s
     * @param npuId     npu-smi's NPU id of the card ({@code -i})
     * @param chipId    the chip on the card ({@code -c}; 0 on one-chip cards such as the 910B)
     * @param physicalId the chip's physical id, which fixes its vNPU id range
     * @param allocated a job holds the card or one of its vNPUs
     * @param busy      the card is above the idle threshold
     */
    public record CardNow(
            Accelerator card,
            int npuId,
            int chipId,
            int physicalId,
            SchedulerState nodeState,
            boolean allocated,
            boolean busy) {}

    private final String npuSmi;
    private final boolean needsDrain;

    /**
     * @param npuSmi     the npu-smi path in the commands
     * @param needsDrain Slurm owns the node: it must be drained first
     */
    public VnpuPlanner(String npuSmi, boolean needsDrain) {
        this.npuSmi = npuSmi;
        this.needsDrain = needsDrain;
    }

    /**
     * Plans the steps that cut the card's chip into {@code wanted}.
     *
     * @param wanted each vNPU's template name and id
     * @throws VnpuLayoutProblem the layout breaks a rule, or the card may not be cut now
     */
    public VnpuPlan plan(CardNow now, List<Request> wanted) throws VnpuLayoutProblem {
        Accelerator card = now.card();
        if (card.vendor() != Vendor.HUAWEI) {
            throw new VnpuLayoutProblem("card " + card.index() + " (" + card.model()
                    + ") is no Ascend NPU: only Ascend chips cut into vNPUs");
        }
        AscendChip chip = AscendChip.of(card.model())
                .orElseThrow(() -> new VnpuLayoutProblem("card " + card.index() + " (" + card.model()
                        + ") is no Ascend chip with vNPU templates (310P, 910, 910B)"));
        List<VnpuPlan.Wanted> layout = check(chip, now.physicalId(), wanted);
        if (needsDrain && now.nodeState() != SchedulerState.DRAINED) {
            throw new VnpuLayoutProblem("Slurm cannot re-cut a card under a running node: drain the node first (it is "
                    + now.nodeState().name().toLowerCase(Locale.ROOT) + ")");
        }
        if (now.allocated()) {
            throw new VnpuLayoutProblem("card " + now.npuId() + " is allocated to a job; re-cut it once it is free");
        }
        if (now.busy()) {
            throw new VnpuLayoutProblem("card " + now.npuId() + " is busy; re-cutting would kill what runs on it");
        }
        String npu = String.valueOf(now.npuId());
        String chipArg = String.valueOf(now.chipId());
        List<MigStep> steps = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (same(card.slices(), layout)) {
            notes.add("card " + npu + " chip " + chipArg + " is already cut this way; nothing to do");
            return new VnpuPlan(now.npuId(), now.chipId(), layout, steps, notes);
        }
        for (MigSlice existing : card.slices()) {
            String id = String.valueOf(existing.gpuInstanceId());
            steps.add(new MigStep(
                    "destroy vNPU " + id + " (" + existing.profileName() + ")",
                    List.of(npuSmi, "set", "-t", "destroy-vnpu", "-i", npu, "-c", chipArg, "-v", id)));
        }
        for (VnpuPlan.Wanted vnpu : layout) {
            String id = String.valueOf(vnpu.vnpuId());
            steps.add(new MigStep(
                    "create vNPU " + id + " from template " + vnpu.template().templateName(),
                    List.of(
                            npuSmi,
                            "set",
                            "-t",
                            "create-vnpu",
                            "-i",
                            npu,
                            "-c",
                            chipArg,
                            "-f",
                            vnpu.template().templateName(),
                            "-v",
                            id)));
        }
        notes.add("plan only: Headroom's agents do not run vNPU commands; run these on the node as root");
        return new VnpuPlan(now.npuId(), now.chipId(), layout, steps, notes);
    }

    /** One vNPU asked for by name: a template name as npu-smi takes it and the vNPU id. */
    public record Request(String template, int vnpuId) {}

    /** The layout's templates, checked against the chip's table; throws with the first rule it breaks. */
    static List<VnpuPlan.Wanted> check(AscendChip chip, int physicalId, List<Request> wanted) throws VnpuLayoutProblem {
        if (wanted.isEmpty()) {
            throw new VnpuLayoutProblem("no vNPU asked for; to give the whole chip back, destroy its vNPUs");
        }
        int first = FIRST_ID + IDS_PER_CHIP * physicalId;
        int last = first + IDS_PER_CHIP - 1;
        List<VnpuPlan.Wanted> layout = new ArrayList<>(wanted.size());
        Set<Integer> ids = new HashSet<>();
        int cores = 0;
        long memory = 0;
        for (int i = 0; i < wanted.size(); i++) {
            Request request = wanted.get(i);
            String where = "vNPU " + (i + 1) + " of " + wanted.size();
            VnpuTemplate template = VnpuTemplate.of(chip, request.template())
                    .orElseThrow(() -> new VnpuLayoutProblem(where + ": '" + request.template()
                            + "' is no vNPU template of the " + chip.name().substring("ASCEND_".length())
                            + " (its templates: " + templates(chip) + ")"));
            if (request.vnpuId() < first || request.vnpuId() > last) {
                throw new VnpuLayoutProblem(where + ": vNPU id " + request.vnpuId() + " is outside this chip's range "
                        + first + "\u2013" + last);
            }
            if (!ids.add(request.vnpuId())) {
                throw new VnpuLayoutProblem(where + ": vNPU id " + request.vnpuId() + " is asked for twice");
            }
            cores += template.aiCores();
            memory += template.memoryMib();
            layout.add(new VnpuPlan.Wanted(template, request.vnpuId()));
        }
        if (cores > chip.aiCores()) {
            throw new VnpuLayoutProblem("the vNPUs take " + cores + " AI cores; the chip has " + chip.aiCores());
        }
        if (memory > chip.memoryMib()) {
            throw new VnpuLayoutProblem(
                    "the vNPUs take " + memory / 1024 + " GB; the chip has " + chip.memoryMib() / 1024 + " GB");
        }
        return layout;
    }

    private static boolean same(List<MigSlice> existing, List<VnpuPlan.Wanted> layout) {
        if (existing.size() != layout.size()) {
            return false;
        }
        Set<String> have = existing.stream()
                .map(s -> s.profileName() + "#" + s.gpuInstanceId())
                .collect(Collectors.toSet());
        Set<String> want = layout.stream()
                .map(w -> w.template().templateName() + "#" + w.vnpuId())
                .collect(Collectors.toSet());
        return have.equals(want);
    }

    private static String templates(AscendChip chip) {
        return Arrays.stream(VnpuTemplate.values())
                .filter(t -> t.chip() == chip)
                .map(VnpuTemplate::templateName)
                .collect(Collectors.joining(", "));
    }
}

package io.headroom.core.vnpu;

import io.headroom.core.fleet.VnpuTemplate;
import io.headroom.core.mig.MigStep;
import java.util.List;

/**
 * The commands that cut one Ascend chip into the requested vNPUs, in order. Plan only: no
 * Headroom agent runs them yet (no test hardware), so an operator copies them to the node.
 *
 * @param card   the NPU id npu-smi's {@code -i} takes
 * @param chip   the chip on that card, npu-smi's {@code -c}
 * @param vnpus  the vNPUs wanted, in creation order
 * @param steps  the exact commands: destroy what is there, then create
 * @param notes  what the operator should know (nothing to do, plan-only)
 */
public record VnpuPlan(int card, int chip, List<Wanted> vnpus, List<MigStep> steps, List<String> notes) {

    /** One vNPU asked for: its template and the id npu-smi gives it ({@code -v}). */
    public record Wanted(VnpuTemplate template, int vnpuId) {}

    public VnpuPlan {
        vnpus = List.copyOf(vnpus);
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
    }
}

package io.headroom.core.mig;

import java.util.List;

/**
 * How to re-slice one GPU: the nvidia-smi commands in order, and what the operator must know
 * that no command does (a Slurm gres.conf to update, say).
 */
public record MigPlan(int gpuIndex, MigLayout layout, List<MigStep> steps, List<String> notes) {

    public MigPlan {
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
    }

    /** The plan as the protocol carries it: each command line, then each note prefixed with '#'. */
    public List<String> describe() {
        var lines = new java.util.ArrayList<String>();
        steps.forEach(step -> lines.add(step.commandLine()));
        notes.forEach(note -> lines.add("# " + note));
        return lines;
    }
}

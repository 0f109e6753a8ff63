package io.headroom.core.mig;

import java.util.List;

/**
 * One command of a re-slice plan.
 *
 * @param purpose what it does, in the operator's words
 * @param argv    the exact command, as the executor runs it (no shell)
 */
public record MigStep(String purpose, List<String> argv) {

    public MigStep {
        argv = List.copyOf(argv);
    }

    public String commandLine() {
        return String.join(" ", argv);
    }
}

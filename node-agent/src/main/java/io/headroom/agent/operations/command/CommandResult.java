package io.headroom.agent.operations.command;

/**
 * How a command ended.
 *
 * @param exitCode -1 when it was killed for running past its timeout
 * @param output   its standard output, cut at {@link CommandRunner#MAX_OUTPUT} characters
 * @param errors   its standard error, cut likewise
 */
public record CommandResult(int exitCode, String output, String errors, boolean timedOut) {

    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /** One line for a step report: what went wrong, in the command's own words where it gave any. */
    public String failure() {
        if (timedOut) {
            return "did not finish in time and was stopped";
        }
        String said = (errors.isBlank() ? output : errors).strip();
        return "exited " + exitCode
                + (said.isEmpty() ? "" : ": " + said.lines().findFirst().orElse(""));
    }
}

package io.headroom.agent.operations.command;

import java.time.Duration;
import java.util.List;

/** Runs one external command (scontrol, nvidia-smi) without a shell, with a timeout. */
public interface CommandRunner {

    int MAX_OUTPUT = 64 * 1024;

    /**
     * Runs a program and waits for it, at most for the timeout.
     *
     * @throws CommandFailedToStart the program is missing or not executable
     */
    CommandResult run(List<String> argv, Duration timeout) throws CommandFailedToStart;

    final class CommandFailedToStart extends Exception {
        public CommandFailedToStart(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

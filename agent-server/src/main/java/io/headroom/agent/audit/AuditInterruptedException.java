package io.headroom.agent.audit;

import java.io.IOException;

/**
 * The audit file at the configured path is not the one the agent was writing (deleted,
 * replaced, truncated, written to by another program), so the operation was refused; the
 * message names the file and what happened, as the requester is shown it.
 */
public final class AuditInterruptedException extends IOException {
    public AuditInterruptedException(String message) {
        super(message);
    }
}

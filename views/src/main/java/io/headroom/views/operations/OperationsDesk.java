package io.headroom.views.operations;

import io.headroom.core.access.Role;
import io.headroom.core.audit.AgentAuditState;
import io.headroom.core.audit.ChainVerdict;
import io.headroom.core.operation.OperationOutcome;
import io.headroom.core.operation.PendingOperation;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where the views hand operations over, as the app provides it: dry runs from the agent,
 * the outbox, and the audit log. Every method returns at once and completes off the FX
 * thread; callers come back to the FX thread themselves.
 */
public interface OperationsDesk {

    /** Who the console acts as: recorded with every operation. */
    String requester();

    /** Asks the node's agent for the plan; changes nothing. Fails with the reason when no agent answers. */
    CompletableFuture<OperationOutcome> plan(PendingOperation operation);

    /** Writes the operation to the outbox; completes once it is on disk (or in memory when the disk is gone). */
    CompletableFuture<Void> submit(PendingOperation operation);

    /** The newest operations, newest first. */
    CompletableFuture<List<OperationRow>> recentOperations(int limit);

    /** The newest audit entries, newest first. */
    CompletableFuture<List<AuditRow>> recentAudit(int limit);

    /** Writes the whole audit log as CSV; completes with the number of entries written. */
    CompletableFuture<Integer> exportAudit(Path file);

    /** Sends a conflicted or rejected operation again, against the node's generation now. */
    CompletableFuture<Void> retry(String key);

    /** Closes a conflicted or rejected operation without sending it again. */
    CompletableFuture<Void> dismiss(String key, String why);

    /**
     * What the agent that reports this node lets this console do; empty while it has not said
     * (nothing is hidden then: the agent decides when the operation arrives).
     */
    default Optional<Role> roleFor(String hostname) {
        return Optional.empty();
    }

    /**
     * Each agent's audit trail as its signed head last showed it, against the head this console
     * kept; empty for agents that keep no signed trail (the embedded simulator, older agents).
     */
    default CompletableFuture<List<AgentAuditState>> agentAudits() {
        return CompletableFuture.completedFuture(List.of());
    }

    /**
     * Trusts an agent's audit trail as it is now: writes that to the console's audit log with
     * {@code why} and what the trail looked like, then forgets the head kept for it.
     */
    default CompletableFuture<Void> trustAgentTrail(String agent, String why) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this console keeps no audit heads"));
    }

    /** Checks the audit log's hash chain; completes with whether it verifies or where it first breaks. */
    default CompletableFuture<ChainVerdict> verifyAudit() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this console keeps no audit log"));
    }
}

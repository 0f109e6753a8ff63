package io.headroom.app.operations;

import io.headroom.core.access.Role;
import io.headroom.core.audit.AgentAuditState;
import io.headroom.core.audit.AuditHeadKeeper;
import io.headroom.core.audit.ChainVerdict;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.operation.OperationOutcome;
import io.headroom.core.operation.PendingOperation;
import io.headroom.store.audit.AuditFilter;
import io.headroom.store.audit.AuditLog;
import io.headroom.store.audit.rows.AuditEntry;
import io.headroom.store.outbox.Outbox;
import io.headroom.store.outbox.QueuedOperation;
import io.headroom.views.operations.AuditRow;
import io.headroom.views.operations.OperationRow;
import io.headroom.views.operations.OperationsDesk;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The views' operations desk over the local store's outbox and audit log and the agents'
 * dry runs. Store reads and writes and agent calls run on two threads of its own, never on
 * the FX thread.
 */
public final class ConsoleOperationsDesk implements OperationsDesk, AutoCloseable {

    private final String requester;
    private final Outbox outbox;
    private final AuditLog audit;
    private final AgentOperationSender agents;
    private final FleetState fleet;
    private final AuditHeadKeeper auditHeads;
    private final ExecutorService work = Executors.newFixedThreadPool(
            2, Thread.ofPlatform().daemon().name("headroom-operations-", 0).factory());

    public ConsoleOperationsDesk(
            String requester,
            Outbox outbox,
            AuditLog audit,
            AgentOperationSender agents,
            FleetState fleet,
            AuditHeadKeeper auditHeads) {
        this.auditHeads = auditHeads;
        this.requester = requester;
        this.outbox = outbox;
        this.audit = audit;
        this.agents = agents;
        this.fleet = fleet;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws Exception;
    }

    private <T> CompletableFuture<T> async(Work<T> job) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return job.run();
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                },
                work);
    }

    @Override
    public String requester() {
        return requester;
    }

    @Override
    public CompletableFuture<OperationOutcome> plan(PendingOperation operation) {
        return async(() -> agents.plan(operation));
    }

    @Override
    public CompletableFuture<Void> submit(PendingOperation operation) {
        return async(() -> {
            outbox.enqueue(operation);
            return null;
        });
    }

    @Override
    public CompletableFuture<List<OperationRow>> recentOperations(int limit) {
        return async(() ->
                outbox.recent(limit).stream().map(ConsoleOperationsDesk::row).toList());
    }

    @Override
    public CompletableFuture<List<AuditRow>> recentAudit(int limit) {
        return async(() -> audit.list(AuditFilter.everything().limit(limit)).reversed().stream()
                .map(ConsoleOperationsDesk::row)
                .toList());
    }

    @Override
    public CompletableFuture<Integer> exportAudit(Path file) {
        return async(() -> audit.exportCsv(AuditFilter.everything(), file));
    }

    @Override
    public Optional<Role> roleFor(String hostname) {
        return agents.roleFor(hostname);
    }

    @Override
    public CompletableFuture<ChainVerdict> verifyAudit() {
        return async(audit::verify);
    }

    @Override
    public CompletableFuture<List<AgentAuditState>> agentAudits() {
        return async(auditHeads::states);
    }

    @Override
    public CompletableFuture<Void> trustAgentTrail(String agent, String why) {
        return async(() -> {
            String was = auditHeads.states().stream()
                    .filter(s -> s.agent().equals(agent))
                    .findFirst()
                    .map(AgentAuditState::describe)
                    .orElse("no reading");
            // Written first: an acceptance that did not make it into the log must not take effect.
            audit.append(AuditEntry.of(
                    java.time.Instant.now(),
                    requester,
                    "trusted the agent's audit trail as it is now",
                    agent,
                    why,
                    "TRUSTED",
                    "it read: " + was,
                    null));
            auditHeads.forget(agent);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> retry(String key) {
        return async(() -> {
            QueuedOperation old = outbox.find(key).orElseThrow(() -> new IllegalStateException("no operation " + key));
            var telemetry = fleet.current();
            int node = telemetry.layout().nodeIndex(old.operation().hostname());
            long generation =
                    node == FleetLayout.NONE ? old.operation().expectedGeneration() : telemetry.generation(node);
            outbox.retry(key, generation, requester);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> dismiss(String key, String why) {
        return async(() -> {
            outbox.dismiss(key, requester, why);
            return null;
        });
    }

    static OperationRow row(QueuedOperation q) {
        var op = q.operation();
        return new OperationRow(
                q.key(),
                op.createdAt(),
                op.requester(),
                op.hostname(),
                op.action(),
                op.reason(),
                q.state().name(),
                q.attempts(),
                q.outcome().map(o -> o.status().name()).orElse(""),
                q.outcome().map(o -> o.message()).or(() -> q.lastError()).orElse(""),
                q.state().needsOperator(),
                q.nextAttemptAt());
    }

    static AuditRow row(AuditEntry e) {
        return new AuditRow(
                e.seq(),
                e.at(),
                e.actor(),
                e.action(),
                e.target(),
                e.reason(),
                e.result(),
                e.detail(),
                e.operationKey().orElse(""));
    }

    @Override
    public void close() {
        work.shutdownNow();
    }
}

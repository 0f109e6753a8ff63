package io.headroom.views.operations;

import io.headroom.core.access.Role;
import io.headroom.core.audit.ChainVerdict;
import io.headroom.core.operation.OperationOutcome;
import io.headroom.core.operation.PendingOperation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A desk whose agents have said a role per node, and whose audit log gives a set verdict. */
final class RoleDesk implements OperationsDesk {

    private final Map<String, Role> roles;
    volatile ChainVerdict verdict = new ChainVerdict.Intact(0, io.headroom.core.audit.AuditChain.GENESIS);

    RoleDesk(Map<String, Role> roles) {
        this.roles = roles;
    }

    @Override
    public Optional<Role> roleFor(String hostname) {
        return Optional.ofNullable(roles.get(hostname));
    }

    @Override
    public CompletableFuture<ChainVerdict> verifyAudit() {
        return CompletableFuture.completedFuture(verdict);
    }

    @Override
    public String requester() {
        return "tech@hall-2";
    }

    @Override
    public CompletableFuture<OperationOutcome> plan(PendingOperation op) {
        return new CompletableFuture<>();
    }

    @Override
    public CompletableFuture<Void> submit(PendingOperation op) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<OperationRow>> recentOperations(int limit) {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletableFuture<List<AuditRow>> recentAudit(int limit) {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletableFuture<Integer> exportAudit(Path file) {
        return CompletableFuture.completedFuture(0);
    }

    @Override
    public CompletableFuture<Void> retry(String key) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> dismiss(String key, String why) {
        return CompletableFuture.completedFuture(null);
    }
}

package io.headroom.views.operations;

import io.headroom.core.operation.OperationOutcome;
import io.headroom.core.operation.PendingOperation;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A desk for tests: its requester is "tech@hall-2", a dry run never answers, whatever is queued,
 * retried or dismissed is taken at once, and it has no operations or audit rows. Tests override
 * only what they watch.
 */
public class QuietDesk implements OperationsDesk {

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

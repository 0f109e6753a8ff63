package io.headroom.views.operations;

import io.headroom.core.operation.OperationOutcome;
import io.headroom.core.operation.PendingOperation;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The desk of a console that offers no operations (the wall, or a console without an
 * outbox): the shell shows no operations page and no action buttons for it, so nothing
 * should call it; anything that does is told so rather than left waiting.
 */
public final class NoOperations implements OperationsDesk {

    @Override
    public String requester() {
        return "";
    }

    @Override
    public CompletableFuture<OperationOutcome> plan(PendingOperation operation) {
        return refused();
    }

    @Override
    public CompletableFuture<Void> submit(PendingOperation operation) {
        return refused();
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
        return refused();
    }

    @Override
    public CompletableFuture<Void> retry(String key) {
        return refused();
    }

    @Override
    public CompletableFuture<Void> dismiss(String key, String why) {
        return refused();
    }

    private static <T> CompletableFuture<T> refused() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this console offers no operations"));
    }
}

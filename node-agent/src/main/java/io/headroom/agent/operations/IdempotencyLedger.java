package io.headroom.agent.operations;

import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the result of every recent idempotency key, so an operation replayed from a
 * console's outbox after a lost answer is applied once and answered with the stored result.
 */
public final class IdempotencyLedger implements OperationHandler {

    private final OperationHandler delegate;
    private final Map<String, ExecuteResponse> results;

    public IdempotencyLedger(OperationHandler delegate, int capacity) {
        this.delegate = delegate;
        this.results = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ExecuteResponse> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized ExecuteResponse execute(ExecuteRequest request) {
        if (request.getIdempotencyKey().isBlank()) {
            return ExecuteResponse.newBuilder()
                    .setStatus(io.headroom.protocol.v1.ExecuteStatus.EXECUTE_STATUS_REJECTED)
                    .setMessage("request has no idempotency key; every operation needs one so a retry is applied once")
                    .build();
        }
        // Dry runs change nothing and are not remembered: planning twice is harmless.
        if (request.getDryRun()) {
            return delegate.execute(request);
        }
        ExecuteResponse known = results.get(request.getIdempotencyKey());
        if (known != null) {
            return known.toBuilder().setReplayed(true).build();
        }
        ExecuteResponse response = delegate.execute(request);
        results.put(request.getIdempotencyKey(), response);
        return response;
    }
}

package io.headroom.agent.node;

import io.headroom.agent.operations.OperationHandler;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;

/**
 * Reads the scheduler again as soon as an operation changed the node, before the answer goes
 * out: a console that calls GetInventory right after Execute sees the node's new state and
 * generation, not the one from the last poll (up to a poll interval old, 2.5 s by default).
 */
final class ReadBackAfterChange implements OperationHandler {

    private final OperationHandler backend;
    private final PolledSchedulerView view;

    ReadBackAfterChange(OperationHandler backend, PolledSchedulerView view) {
        this.backend = backend;
        this.view = view;
    }

    @Override
    public ExecuteResponse execute(ExecuteRequest request) {
        ExecuteResponse response = backend.execute(request);
        if (!request.getDryRun()
                && (response.getStatus() == ExecuteStatus.EXECUTE_STATUS_APPLIED
                        || response.getStatus() == ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS)) {
            view.refreshNow();
        }
        return response;
    }

    @Override
    public ExecuteResponse replayOf(ExecuteRequest request) {
        return backend.replayOf(request);
    }

    @Override
    public long generation(String host) {
        return backend.generation(host);
    }
}

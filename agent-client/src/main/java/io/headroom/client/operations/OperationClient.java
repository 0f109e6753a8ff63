package io.headroom.client.operations;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.headroom.core.operation.AgentUnreachableException;
import io.headroom.core.operation.OperationAction;
import io.headroom.core.operation.OperationOutcome;
import io.headroom.core.operation.OperationStatus;
import io.headroom.core.operation.PendingOperation;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.Reassign;
import io.headroom.protocol.v1.Reslice;
import io.headroom.protocol.v1.Resume;
import io.headroom.protocol.v1.SliceRequest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Sends operations to an agent with Execute: a dry run for the dialog's plan, or the real
 * thing for the outbox. Protobuf stays in here; callers see the core's operation records.
 */
public final class OperationClient {

    /** Codes after which the agent may or may not have acted: send again with the same key. */
    private static final Set<Status.Code> RETRYABLE = EnumSet.of(
            Status.Code.UNAVAILABLE,
            Status.Code.DEADLINE_EXCEEDED,
            Status.Code.CANCELLED,
            Status.Code.ABORTED,
            Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.UNKNOWN,
            Status.Code.INTERNAL);

    private final Duration deadline;

    public OperationClient(Duration deadline) {
        this.deadline = deadline;
    }

    /**
     * Sends one operation to an agent and waits for its outcome.
     *
     * @param dryRun ask for the plan only; the agent changes nothing
     * @throws AgentUnreachableException no answer; for a real run the operation may be sent again with its key
     */
    public OperationOutcome execute(Channel channel, PendingOperation operation, boolean dryRun)
            throws AgentUnreachableException {
        ExecuteRequest request = request(operation, dryRun);
        try {
            ExecuteResponse response = AgentGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(request);
            return outcome(response);
        } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            if (RETRYABLE.contains(status.getCode())) {
                throw new AgentUnreachableException(
                        "agent for " + operation.hostname() + ": "
                                + status.getCode()
                                        .name()
                                        .toLowerCase(java.util.Locale.ROOT)
                                        .replace('_', ' ')
                                + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")"),
                        e);
            }
            // PERMISSION_DENIED, UNAUTHENTICATED, INVALID_ARGUMENT: the agent answered and said no.
            return new OperationOutcome(
                    OperationStatus.REJECTED,
                    status.getCode() + ": " + (status.getDescription() == null ? "refused" : status.getDescription()),
                    0,
                    false,
                    java.util.List.of());
        }
    }

    static ExecuteRequest request(PendingOperation operation, boolean dryRun) {
        var builder = ExecuteRequest.newBuilder()
                .setIdempotencyKey(operation.idempotencyKey())
                .setHostname(operation.hostname())
                .setExpectedGeneration(operation.expectedGeneration())
                .setRequester(operation.requester())
                .setReason(operation.reason())
                .setDryRun(dryRun);
        switch (operation.action()) {
            case OperationAction.Drain d -> builder.setDrain(Drain.getDefaultInstance());
            case OperationAction.Resume r -> builder.setResume(Resume.getDefaultInstance());
            case OperationAction.Reassign r ->
                builder.setReassign(Reassign.newBuilder()
                        .setPool(r.pool())
                        .setTenant(r.tenant())
                        .addAllGpuIndices(r.gpuIndices()));
            case OperationAction.NotifyOwner n ->
                builder.setNotifyOwner(io.headroom.protocol.v1.NotifyOwner.newBuilder()
                        .setWorkloadId(n.workloadId())
                        .setNote(n.note()));
            case OperationAction.Requeue r ->
                builder.setRequeue(io.headroom.protocol.v1.Requeue.newBuilder().setWorkloadId(r.workloadId()));
            case OperationAction.Cancel c ->
                builder.setCancel(io.headroom.protocol.v1.Cancel.newBuilder().setWorkloadId(c.workloadId()));
            case OperationAction.Evict e ->
                builder.setEvict(io.headroom.protocol.v1.Evict.newBuilder().setWorkloadId(e.workloadId()));
            case OperationAction.Reslice r -> {
                var reslice = Reslice.newBuilder().setGpuIndex(r.gpuIndex());
                r.slices()
                        .forEach(s -> reslice.addSlices(SliceRequest.newBuilder()
                                .setProfileId(s.profileId())
                                .setPlacementStart(s.placementStart())));
                builder.setReslice(reslice);
            }
        }
        return builder.build();
    }

    static OperationOutcome outcome(ExecuteResponse response) {
        OperationStatus status = switch (response.getStatus()) {
            case EXECUTE_STATUS_PLANNED -> OperationStatus.PLANNED;
            case EXECUTE_STATUS_APPLIED -> OperationStatus.APPLIED;
            case EXECUTE_STATUS_CONFLICT -> OperationStatus.CONFLICT;
            case EXECUTE_STATUS_IN_PROGRESS -> OperationStatus.IN_PROGRESS;
            case EXECUTE_STATUS_REJECTED, EXECUTE_STATUS_UNSPECIFIED, UNRECOGNIZED -> OperationStatus.REJECTED;
        };
        String message = response.getStatus() == io.headroom.protocol.v1.ExecuteStatus.EXECUTE_STATUS_UNSPECIFIED
                ? "the agent answered without a status: " + response.getMessage()
                : response.getMessage();
        return new OperationOutcome(
                status, message, response.getGeneration(), response.getReplayed(), response.getPlanList());
    }
}

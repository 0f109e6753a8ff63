package io.headroom.agent.server;

import com.google.protobuf.ByteString;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.headroom.agent.access.Caller;
import io.headroom.agent.audit.AuditInterruptedException;
import io.headroom.agent.audit.AuditStatus;
import io.headroom.agent.audit.AuditTrail;
import io.headroom.agent.audit.ExecuteRecord;
import io.headroom.agent.history.HistoryRequests;
import io.headroom.agent.operations.OperationHandler;
import io.headroom.core.access.Role;
import io.headroom.core.operation.OperationAction;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.AuditHead;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.GetAuditHeadRequest;
import io.headroom.protocol.v1.GetCallerRequest;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.GetInventoryRequest;
import io.headroom.protocol.v1.GetWorkloadsRequest;
import io.headroom.protocol.v1.HistoryChunk;
import io.headroom.protocol.v1.Inventory;
import io.headroom.protocol.v1.StreamTelemetryRequest;
import io.headroom.protocol.v1.WorkloadTable;
import io.headroom.wire.BatchBytesMethod;
import java.io.IOException;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The headroom.agent.v1.Agent service over a {@link TelemetryPublisher} and an {@link OperationHandler}. */
public final class AgentService implements AgentGrpc.AsyncService, io.grpc.BindableService {

    /** A reason longer than this is refused: it becomes a scheduler's node reason and an audit record. */
    static final int MAX_REASON_CHARS = 1_000;
    /** The longest DNS name. */
    static final int MAX_HOSTNAME_CHARS = 253;
    /** A UUID is 36; room for a console's prefix. */
    static final int MAX_KEY_CHARS = 128;
    /** "alice@laptop-17" and the like: a name, not a text. */
    static final int MAX_REQUESTER_CHARS = 256;

    private static final Logger log = LoggerFactory.getLogger(AgentService.class);

    private final ServedFleet served;
    private final OperationHandler operations;
    private final Executor streamExecutor;
    private final InstantSource clock;
    private final AuditTrail audit;

    public AgentService(ServedFleet served, OperationHandler operations, Executor streamExecutor, InstantSource clock) {
        this(served, operations, streamExecutor, clock, AuditTrail.NONE);
    }

    public AgentService(
            ServedFleet served,
            OperationHandler operations,
            Executor streamExecutor,
            InstantSource clock,
            AuditTrail audit) {
        this.served = served;
        this.operations = operations;
        this.streamExecutor = streamExecutor;
        this.clock = clock;
        this.audit = audit;
    }

    @Override
    public void getCaller(GetCallerRequest request, StreamObserver<io.headroom.protocol.v1.Caller> responseObserver) {
        Caller caller = callerOrRefuse(responseObserver);
        if (caller == null) {
            return;
        }
        responseObserver.onNext(io.headroom.protocol.v1.Caller.newBuilder()
                .setIdentity(caller.name())
                .setRole(
                        switch (caller.role()) {
                            case VIEWER -> io.headroom.protocol.v1.Role.ROLE_VIEWER;
                            case TECHNICIAN -> io.headroom.protocol.v1.Role.ROLE_TECHNICIAN;
                            case OPERATOR -> io.headroom.protocol.v1.Role.ROLE_OPERATOR;
                        })
                .setAuthenticatedBy(caller.authenticatedBy())
                .build());
        responseObserver.onCompleted();
    }

    /** The current call's caller; without one (a server built without the interceptor) the call is refused. */
    private static Caller callerOrRefuse(StreamObserver<?> responseObserver) {
        Caller caller = Caller.current();
        if (caller == null) {
            responseObserver.onError(Status.UNAUTHENTICATED
                    .withDescription("caller not established")
                    .asRuntimeException());
        }
        return caller;
    }

    @Override
    public void getAuditHead(GetAuditHeadRequest request, StreamObserver<AuditHead> responseObserver) {
        if (callerOrRefuse(responseObserver) == null) {
            return;
        }
        AuditTrail.HeadSignature head = audit.signedHead();
        if (head == null) {
            responseObserver.onError(Status.UNIMPLEMENTED
                    .withDescription("this server keeps no signed audit trail")
                    .asRuntimeException());
            return;
        }
        var answer = AuditHead.newBuilder()
                .setServerId(served.inventory().getServerId())
                .setRecord(head.record())
                .setHash(head.hash())
                .setSignature(head.signature())
                .setPublicKey(ByteString.copyFrom(head.publicKey()))
                .setTimeMs(clock.millis());
        AuditStatus status = audit.status();
        if (status != null) {
            answer.setWritable(status.writable())
                    .setInterruptions(status.interruptions())
                    .setLastInterruption(status.lastInterruption())
                    .setRefusalsDropped(status.refusalsDropped());
        } else {
            answer.setWritable(true);
        }
        responseObserver.onNext(answer.build());
        responseObserver.onCompleted();
    }

    @Override
    public void getInventory(GetInventoryRequest request, StreamObserver<Inventory> responseObserver) {
        responseObserver.onNext(served.inventory());
        responseObserver.onCompleted();
    }

    @Override
    public void getWorkloads(GetWorkloadsRequest request, StreamObserver<WorkloadTable> responseObserver) {
        responseObserver.onNext(served.workloads().table(served.inventory().getServerId()));
        responseObserver.onCompleted();
    }

    @Override
    public void getHistory(GetHistoryRequest request, StreamObserver<HistoryChunk> responseObserver) {
        if (callerOrRefuse(responseObserver) == null) {
            return;
        }
        String invalid = HistoryRequests.invalid(request);
        if (invalid != null) {
            responseObserver.onError(
                    Status.INVALID_ARGUMENT.withDescription(invalid).asRuntimeException());
            return;
        }
        served.history().answer(request, (ServerCallStreamObserver<HistoryChunk>) responseObserver);
    }

    /**
     * The service with StreamTelemetry answered from the hub's bytes ({@link BatchBytesMethod}):
     * what the ring holds is what goes on the wire, with no message built per client.
     */
    @Override
    public ServerServiceDefinition bindService() {
        ServerServiceDefinition generated = AgentGrpc.bindService(this);
        ServiceDescriptor original = generated.getServiceDescriptor();
        var descriptor =
                ServiceDescriptor.newBuilder(original.getName()).setSchemaDescriptor(original.getSchemaDescriptor());
        var methods = new java.util.ArrayList<ServerMethodDefinition<?, ?>>();
        for (ServerMethodDefinition<?, ?> method : generated.getMethods()) {
            ServerMethodDefinition<?, ?> served = method.getMethodDescriptor()
                            .getFullMethodName()
                            .equals(BatchBytesMethod.STREAM_TELEMETRY.getFullMethodName())
                    ? ServerMethodDefinition.create(
                            BatchBytesMethod.STREAM_TELEMETRY,
                            ServerCalls.asyncServerStreamingCall(this::streamTelemetryBytes))
                    : method;
            descriptor.addMethod(served.getMethodDescriptor());
            methods.add(served);
        }
        var builder = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(builder::addMethod);
        return builder.build();
    }

    private void streamTelemetryBytes(StreamTelemetryRequest request, StreamObserver<byte[]> responseObserver) {
        var observer = (ServerCallStreamObserver<byte[]>) responseObserver;
        TelemetryHub hub = served.hub();
        boolean resuming = hub.epoch().equals(request.getResumeEpoch());
        long start = hub.startFor(request.getResumeEpoch(), request.getResumeAfterSequence());
        if (resuming && start < 0) {
            log.info(
                    "client {} resumes after {}, which has left the replay buffer: sending the latest values",
                    request.getClientId(),
                    request.getResumeAfterSequence());
        }
        long lastSeen = resuming ? request.getResumeAfterSequence() : -1;
        hub.add(new TelemetryStream(hub, observer, streamExecutor, clock, start, lastSeen));
    }

    @Override
    public void execute(ExecuteRequest request, StreamObserver<ExecuteResponse> responseObserver) {
        String invalid = invalid(request);
        if (invalid != null) {
            responseObserver.onError(
                    Status.INVALID_ARGUMENT.withDescription(invalid).asRuntimeException());
            return;
        }
        Caller caller = callerOrRefuse(responseObserver);
        if (caller == null) {
            return;
        }
        Role needed = Role.neededFor(kind(request.getActionCase()));
        if (!caller.role().permits(kind(request.getActionCase()))) {
            String why = caller.name() + " is a " + caller.role().id() + "; " + ExecuteDescription.of(request)
                    + " needs " + needed.id() + " or above";
            log.warn(
                    "refused {} on {} to {}: {}",
                    LogText.of(ExecuteDescription.of(request)),
                    LogText.of(request.getHostname()),
                    LogText.of(caller),
                    LogText.of(why));
            StatusRuntimeException unrecorded = record(caller, request, "PERMISSION_DENIED", why, "", true);
            responseObserver.onError(
                    unrecorded != null
                            ? unrecorded
                            : Status.PERMISSION_DENIED.withDescription(why).asRuntimeException());
            return;
        }
        // A repeat of an operation already carried out is answered from the ledger and written down
        // as a replay of the original record, with who asked again: not as a second request.
        ExecuteResponse replay = request.getDryRun() ? null : operations.replayOf(request);
        if (replay != null) {
            replay = withGeneration(request, replay);
            StatusRuntimeException unrecorded =
                    record(caller, request, ExecuteRecord.REPLAY, replay.getMessage(), replayOf(request), false);
            if (unrecorded != null) {
                responseObserver.onError(unrecorded);
                return;
            }
            log.info(
                    "replayed {} on {} for {} ({}): {} {}",
                    LogText.of(ExecuteDescription.of(request)),
                    LogText.of(request.getHostname()),
                    LogText.of(caller),
                    LogText.of(request.getRequester()),
                    replay.getStatus(),
                    LogText.of(replay.getMessage()));
            responseObserver.onNext(replay);
            responseObserver.onCompleted();
            return;
        }
        // Written down before it is done: an agent that cannot record an operation does not carry it out,
        // and one that dies midway leaves the request on record. Plans change nothing and are not recorded.
        if (!request.getDryRun()) {
            StatusRuntimeException unrecorded = record(caller, request, "REQUESTED", "", "", false);
            if (unrecorded != null) {
                responseObserver.onError(unrecorded);
                return;
            }
        }
        ExecuteResponse response;
        try {
            response = withGeneration(request, operations.execute(request));
        } catch (StatusRuntimeException notCarriedOut) {
            // Not done here (a relay whose agent is away): on record, and the caller may try again with the key.
            Status status = notCarriedOut.getStatus();
            String why = status.getDescription() == null ? status.getCode().name() : status.getDescription();
            log.info(
                    "did not carry out {} on {} for {}: {}",
                    LogText.of(ExecuteDescription.of(request)),
                    LogText.of(request.getHostname()),
                    LogText.of(caller),
                    LogText.of(why));
            if (!request.getDryRun()) {
                record(caller, request, ExecuteRecord.NOT_PASSED_ON, status.getCode() + ": " + why, "", false);
            }
            responseObserver.onError(
                    Status.fromCode(status.getCode()).withDescription(why).asRuntimeException());
            return;
        }
        log.info(
                "{} {} on {} by {} for {} ({}): {} {}",
                request.getDryRun() ? "planned" : "executed",
                LogText.of(ExecuteDescription.of(request)),
                LogText.of(request.getHostname()),
                LogText.of(caller),
                LogText.of(request.getRequester()),
                LogText.of(request.getReason()),
                response.getStatus(),
                LogText.of(response.getMessage()));
        if (!request.getDryRun()) {
            // A replay can still come back here: two identical requests at once, or one passed on by a relay.
            record(
                    caller,
                    request,
                    response.getReplayed()
                            ? ExecuteRecord.REPLAY
                            : response.getStatus().name().replace("EXECUTE_STATUS_", ""),
                    response.getMessage(),
                    response.getReplayed() ? replayOf(request) : "",
                    false);
        }
        responseObserver.onNext(response);
        responseObserver.onCompleted();
    }

    /** What is wrong with the request as a caller sent it, in words; null when nothing is. */
    static String invalid(ExecuteRequest request) {
        if (request.getHostname().isBlank()) {
            return "execute needs a hostname";
        }
        if (request.getActionCase() == ExecuteRequest.ActionCase.ACTION_NOT_SET) {
            return "execute needs an action: drain, resume, reassign, reslice, notify_owner, requeue, cancel or evict";
        }
        String workload = workloadOf(request);
        if (workload != null && workload.isBlank()) {
            return ExecuteDescription.of(request).strip() + " needs a workload id (as GetWorkloads reports it)";
        }
        // Run-once needs a key: without one a retry would run again. A plan changes nothing.
        if (!request.getDryRun() && request.getIdempotencyKey().isBlank()) {
            return "execute needs an idempotency key (any unique string, such as a UUID) so that a retry is carried out"
                    + " once; only a dry run may go without";
        }
        String tooLong = tooLong("hostname", request.getHostname(), MAX_HOSTNAME_CHARS);
        tooLong = tooLong != null ? tooLong : tooLong("idempotency key", request.getIdempotencyKey(), MAX_KEY_CHARS);
        tooLong = tooLong != null ? tooLong : tooLong("requester", request.getRequester(), MAX_REQUESTER_CHARS);
        tooLong = tooLong != null ? tooLong : tooLong("reason", request.getReason(), MAX_REASON_CHARS);
        if (tooLong != null) {
            return tooLong;
        }
        // No program can be given a NUL in an argument: the scheduler would be blamed for the caller's text.
        int nul = request.getReason().indexOf('\0');
        if (nul >= 0) {
            return "the reason contains a NUL character (U+0000) at character " + (nul + 1) + "; a reason is text, and "
                    + "no scheduler command can be given a NUL";
        }
        return null;
    }

    /** The workload a reclaim action names; null for node actions. */
    private static String workloadOf(ExecuteRequest request) {
        return switch (request.getActionCase()) {
            case NOTIFY_OWNER -> request.getNotifyOwner().getWorkloadId();
            case REQUEUE -> request.getRequeue().getWorkloadId();
            case CANCEL -> request.getCancel().getWorkloadId();
            case EVICT -> request.getEvict().getWorkloadId();
            case DRAIN, RESUME, REASSIGN, RESLICE, ACTION_NOT_SET -> null;
        };
    }

    private static String tooLong(String field, String value, int most) {
        return value.length() <= most
                ? null
                : "the " + field + " is " + value.length() + " characters long; at most " + most + " are taken";
    }

    /** REJECTED answers carry the node's current generation, as the protocol says, whichever layer refused. */
    private ExecuteResponse withGeneration(ExecuteRequest request, ExecuteResponse response) {
        if (response.getStatus() != ExecuteStatus.EXECUTE_STATUS_REJECTED || response.getGeneration() != 0) {
            return response;
        }
        long generation = operations.generation(request.getHostname());
        return generation == 0
                ? response
                : response.toBuilder().setGeneration(generation).build();
    }

    private String replayOf(ExecuteRequest request) {
        return Long.toString(audit.resultRecordOf(request.getIdempotencyKey()));
    }

    private static Class<? extends OperationAction> kind(ExecuteRequest.ActionCase action) {
        return switch (action) {
            case DRAIN -> OperationAction.Drain.class;
            case RESUME -> OperationAction.Resume.class;
            case REASSIGN -> OperationAction.Reassign.class;
            case NOTIFY_OWNER -> OperationAction.NotifyOwner.class;
            case REQUEUE -> OperationAction.Requeue.class;
            case CANCEL -> OperationAction.Cancel.class;
            case EVICT -> OperationAction.Evict.class;
            case RESLICE, ACTION_NOT_SET -> OperationAction.Reslice.class;
        };
    }

    /**
     * Writes the call to the audit trail (a refusal short, and within its caller's budget).
     *
     * @return null when written (or left out of a refusal budget), else the error to answer with:
     *         FAILED_PRECONDITION when the audit file was lost, cut or replaced, UNAVAILABLE when it
     *         cannot be written
     */
    private StatusRuntimeException record(
            Caller caller, ExecuteRequest request, String result, String message, String replayOf, boolean refusal) {
        var record = new ExecuteRecord(
                clock.instant(),
                caller.name(),
                caller.role().id(),
                caller.authenticatedBy(),
                request.getRequester(),
                ExecuteDescription.of(request),
                request.getHostname(),
                request.getReason(),
                request.getDryRun(),
                request.getIdempotencyKey(),
                result,
                message,
                CallerKey.currentPeer(),
                replayOf);
        try {
            if (refusal) {
                audit.appendRefusal(record, CallerKey.current());
            } else {
                audit.append(record);
            }
            return null;
        } catch (AuditInterruptedException e) {
            log.error(
                    "refused {} on {} by {}: {}",
                    LogText.of(ExecuteDescription.of(request)),
                    LogText.of(request.getHostname()),
                    LogText.of(caller),
                    e.getMessage());
            return Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException();
        } catch (IOException e) {
            log.error(
                    "could not write the audit record of {} on {} by {}: {}",
                    LogText.of(ExecuteDescription.of(request)),
                    LogText.of(request.getHostname()),
                    LogText.of(caller),
                    e.getMessage());
            return Status.UNAVAILABLE
                    .withDescription("the agent cannot write its audit file (" + e.getMessage()
                            + "); it carries out no operation it cannot record")
                    .asRuntimeException();
        }
    }
}

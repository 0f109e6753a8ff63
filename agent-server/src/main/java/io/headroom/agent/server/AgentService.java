package io.headroom.agent.server;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.headroom.agent.access.Caller;
import io.headroom.agent.audit.AuditTrail;
import io.headroom.agent.audit.ExecuteRecord;
import io.headroom.core.access.Role;
import io.headroom.core.operation.OperationAction;
import io.headroom.protocol.v1.GetCallerRequest;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.headroom.agent.operations.OperationHandler;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.GetInventoryRequest;
import io.headroom.protocol.v1.Inventory;
import io.headroom.protocol.v1.StreamTelemetryRequest;
import io.headroom.protocol.v1.TelemetryBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.InstantSource;
import java.util.concurrent.Executor;

/** The headroom.agent.v1.Agent service over a {@link TelemetryPublisher} and an {@link OperationHandler}. */
public final class AgentService extends AgentGrpc.AgentImplBase {

    /** A reason longer than this is refused: it becomes a scheduler's node reason and an audit record. */
    static final int MAX_REASON_CHARS = 1_000;


    private static final Logger log = LoggerFactory.getLogger(AgentService.class);

    private final ServedFleet served;
    private final OperationHandler operations;
    private final Executor streamExecutor;
    private final InstantSource clock;
    private final AuditTrail audit;
    private volatile String auditFailure;

    public AgentService(ServedFleet served, OperationHandler operations, Executor streamExecutor, InstantSource clock) {
        this(served, operations, streamExecutor, clock, AuditTrail.NONE);
    }

    public AgentService(ServedFleet served, OperationHandler operations, Executor streamExecutor, InstantSource clock,
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
                .setRole(switch (caller.role()) {
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
            responseObserver.onError(Status.UNAUTHENTICATED.withDescription("caller not established").asRuntimeException());
        }
        return caller;
    }

    @Override
    public void getInventory(GetInventoryRequest request, StreamObserver<Inventory> responseObserver) {
        responseObserver.onNext(served.inventory());
        responseObserver.onCompleted();
    }

    @Override
    public void streamTelemetry(StreamTelemetryRequest request, StreamObserver<TelemetryBatch> responseObserver) {
        var observer = (ServerCallStreamObserver<TelemetryBatch>) responseObserver;
        TelemetryHub hub = served.hub();
        boolean resuming = hub.epoch().equals(request.getResumeEpoch());
        long start = hub.startFor(request.getResumeEpoch(), request.getResumeAfterSequence());
        if (resuming && start < 0) {
            log.info("client {} resumes after {}, which has left the replay buffer: sending the latest values",
                    request.getClientId(), request.getResumeAfterSequence());
        }
        long lastSeen = resuming ? request.getResumeAfterSequence() : -1;
        hub.add(new TelemetryStream(hub, observer, streamExecutor, clock, start, lastSeen));
    }

    @Override
    public void execute(ExecuteRequest request, StreamObserver<ExecuteResponse> responseObserver) {
        if (request.getHostname().isBlank()) {
            responseObserver.onError(Status.INVALID_ARGUMENT.withDescription("execute needs a hostname").asRuntimeException());
            return;
        }
        if (request.getActionCase() == ExecuteRequest.ActionCase.ACTION_NOT_SET) {
            responseObserver.onError(Status.INVALID_ARGUMENT
                    .withDescription("execute needs an action: drain, resume, reassign or reslice").asRuntimeException());
            return;
        }
        // Run-once needs a key: without one a retry would run again. A plan changes nothing.
        if (!request.getDryRun() && request.getIdempotencyKey().isBlank()) {
            responseObserver.onError(Status.INVALID_ARGUMENT.withDescription("execute needs an idempotency key (any"
                    + " unique string, such as a UUID) so that a retry is carried out once; only a dry run may go without")
                    .asRuntimeException());
            return;
        }
        if (request.getReason().length() > MAX_REASON_CHARS) {
            responseObserver.onError(Status.INVALID_ARGUMENT.withDescription("the reason is "
                    + request.getReason().length() + " characters long; at most " + MAX_REASON_CHARS + " are taken")
                    .asRuntimeException());
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
            log.warn("refused {} on {} to {}: {}", LogText.of(ExecuteDescription.of(request)), LogText.of(request.getHostname()),
                    LogText.of(caller), LogText.of(why));
            if (!record(caller, request, "PERMISSION_DENIED", why)) {
                responseObserver.onError(auditUnavailable());
                return;
            }
            responseObserver.onError(Status.PERMISSION_DENIED.withDescription(why).asRuntimeException());
            return;
        }
        // Written down before it is done: an agent that cannot record an operation does not carry it out,
        // and one that dies midway leaves the request on record. Plans change nothing and are not recorded.
        if (!request.getDryRun() && !record(caller, request, "REQUESTED", "")) {
            responseObserver.onError(auditUnavailable());
            return;
        }
        ExecuteResponse response = operations.execute(request);
        log.info("{} {} on {} by {} for {} ({}): {} {}", request.getDryRun() ? "planned" : "executed",
                LogText.of(ExecuteDescription.of(request)), LogText.of(request.getHostname()), LogText.of(caller),
                LogText.of(request.getRequester()), LogText.of(request.getReason()), response.getStatus(),
                LogText.of(response.getMessage()));
        if (!request.getDryRun()) {
            record(caller, request, response.getStatus().name().replace("EXECUTE_STATUS_", ""), response.getMessage());
        }
        responseObserver.onNext(response);
        responseObserver.onCompleted();
    }

    private static Class<? extends OperationAction> kind(ExecuteRequest.ActionCase action) {
        return switch (action) {
            case DRAIN -> OperationAction.Drain.class;
            case RESUME -> OperationAction.Resume.class;
            case REASSIGN -> OperationAction.Reassign.class;
            case RESLICE, ACTION_NOT_SET -> OperationAction.Reslice.class;
        };
    }

    /** Writes the call to the audit trail; false (and logged) when it could not be written. */
    private boolean record(Caller caller, ExecuteRequest request, String result, String message) {
        try {
            audit.append(new ExecuteRecord(clock.instant(), caller.name(), caller.role().id(), caller.authenticatedBy(),
                    request.getRequester(), ExecuteDescription.of(request), request.getHostname(), request.getReason(),
                    request.getDryRun(), request.getIdempotencyKey(), result, message));
            return true;
        } catch (IOException e) {
            auditFailure = e.getMessage();
            log.error("could not write the audit record of {} on {} by {}: {}", LogText.of(ExecuteDescription.of(request)),
                    LogText.of(request.getHostname()), LogText.of(caller), e.getMessage());
            return false;
        }
    }

    private StatusRuntimeException auditUnavailable() {
        return Status.UNAVAILABLE.withDescription("the agent cannot write its audit file (" + auditFailure
                + "); it carries out no operation it cannot record").asRuntimeException();
    }
}

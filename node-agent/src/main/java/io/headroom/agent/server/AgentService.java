package io.headroom.agent.server;

import io.grpc.Status;
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

import java.time.InstantSource;
import java.util.concurrent.Executor;

/** The headroom.agent.v1.Agent service over a {@link TelemetryPublisher} and an {@link OperationHandler}. */
public final class AgentService extends AgentGrpc.AgentImplBase {

    private static final Logger log = LoggerFactory.getLogger(AgentService.class);

    private final ServedFleet served;
    private final OperationHandler operations;
    private final Executor streamExecutor;
    private final InstantSource clock;

    public AgentService(ServedFleet served, OperationHandler operations, Executor streamExecutor, InstantSource clock) {
        this.served = served;
        this.operations = operations;
        this.streamExecutor = streamExecutor;
        this.clock = clock;
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
        ExecuteResponse response = operations.execute(request);
        log.info("{} {} on {} by {} ({}): {} {}", request.getDryRun() ? "planned" : "executed", request.getActionCase(),
                request.getHostname(), request.getRequester(), request.getReason(), response.getStatus(), response.getMessage());
        responseObserver.onNext(response);
        responseObserver.onCompleted();
    }
}

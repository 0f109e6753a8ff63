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

import java.util.concurrent.Executor;

/** The headroom.agent.v1.Agent service over a {@link TelemetryPublisher} and an {@link OperationHandler}. */
public final class AgentService extends AgentGrpc.AgentImplBase {

    private static final Logger log = LoggerFactory.getLogger(AgentService.class);

    private final TelemetryPublisher publisher;
    private final OperationHandler operations;
    private final Executor streamExecutor;

    public AgentService(TelemetryPublisher publisher, OperationHandler operations, Executor streamExecutor) {
        this.publisher = publisher;
        this.operations = operations;
        this.streamExecutor = streamExecutor;
    }

    @Override
    public void getInventory(GetInventoryRequest request, StreamObserver<Inventory> responseObserver) {
        responseObserver.onNext(publisher.inventory());
        responseObserver.onCompleted();
    }

    @Override
    public void streamTelemetry(StreamTelemetryRequest request, StreamObserver<TelemetryBatch> responseObserver) {
        var observer = (ServerCallStreamObserver<TelemetryBatch>) responseObserver;
        TelemetryHub hub = publisher.hub();
        long[] start = hub.startFor(request.getResumeEpoch(), request.getResumeAfterSequence());
        if (start[1] > 0) {
            log.info("client {} resumes after {}: {} batches left the replay buffer", request.getClientId(),
                    request.getResumeAfterSequence(), start[1]);
        }
        hub.add(new TelemetryStream(hub, observer, streamExecutor, start[0], start[1]));
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

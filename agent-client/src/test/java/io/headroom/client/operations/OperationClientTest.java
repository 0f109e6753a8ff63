package io.headroom.client.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.headroom.core.operation.AgentUnreachableException;
import io.headroom.core.operation.OperationAction;
import io.headroom.core.operation.OperationOutcome;
import io.headroom.core.operation.OperationStatus;
import io.headroom.core.operation.PendingOperation;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OperationClientTest {

    private final List<ExecuteRequest> received = new CopyOnWriteArrayList<>();
    private Server server;
    private ManagedChannel channel;

    /** An agent that plans every dry run, applies re-slices, and refuses drains of "locked" nodes. */
    private final class Agent extends AgentGrpc.AgentImplBase {
        @Override
        public void execute(ExecuteRequest request, StreamObserver<ExecuteResponse> answer) {
            received.add(request);
            if (request.getHostname().equals("locked")) {
                answer.onError(Status.PERMISSION_DENIED
                        .withDescription("viewer may not drain")
                        .asRuntimeException());
                return;
            }
            answer.onNext(ExecuteResponse.newBuilder()
                    .setStatus(
                            request.getDryRun()
                                    ? ExecuteStatus.EXECUTE_STATUS_PLANNED
                                    : ExecuteStatus.EXECUTE_STATUS_APPLIED)
                    .setMessage("ok")
                    .addPlan("nvidia-smi mig -i 2 -cgi 9:0,9:4 -C")
                    .setGeneration(8)
                    .build());
            answer.onCompleted();
        }
    }

    private void serve() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(new Agent())
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void close() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (server != null) {
            server.shutdownNow();
        }
    }

    private static PendingOperation reslice(String host) {
        return PendingOperation.create(
                host,
                new OperationAction.Reslice(
                        2, List.of(new OperationAction.SliceRequest(9, 0), new OperationAction.SliceRequest(9, 4))),
                7,
                "wei.zhang",
                "split for inference customers",
                Clock.systemUTC());
    }

    @Test
    void aDryRunCarriesEverythingTheOperatorSawAndReturnsThePlan() throws Exception {
        serve();
        PendingOperation operation = reslice("gpu-a01");
        OperationOutcome plan = new OperationClient(Duration.ofSeconds(5)).execute(channel, operation, true);

        assertThat(plan.status()).isEqualTo(OperationStatus.PLANNED);
        assertThat(plan.plan()).containsExactly("nvidia-smi mig -i 2 -cgi 9:0,9:4 -C");
        ExecuteRequest sent = received.getFirst();
        assertThat(sent.getDryRun()).isTrue();
        assertThat(sent.getIdempotencyKey()).isEqualTo(operation.idempotencyKey());
        assertThat(sent.getExpectedGeneration()).isEqualTo(7);
        assertThat(sent.getRequester()).isEqualTo("wei.zhang");
        assertThat(sent.getReason()).isEqualTo("split for inference customers");
        assertThat(sent.getReslice().getGpuIndex()).isEqualTo(2);
        assertThat(sent.getReslice().getSlicesList())
                .extracting(s -> s.getProfileId() + "@" + s.getPlacementStart())
                .containsExactly("9@0", "9@4");
    }

    @Test
    void aRefusalFromTheAgentIsAnOutcomeNotARetry() throws Exception {
        serve();
        OperationOutcome outcome =
                new OperationClient(Duration.ofSeconds(5)).execute(channel, reslice("locked"), false);
        assertThat(outcome.status()).isEqualTo(OperationStatus.REJECTED);
        assertThat(outcome.message()).isEqualTo("PERMISSION_DENIED: viewer may not drain");
    }

    @Test
    void noAgentIsUnreachableSoTheOutboxKeepsTheOperation() {
        channel = InProcessChannelBuilder.forName("nobody-listens-here")
                .directExecutor()
                .build();
        assertThatThrownBy(() -> new OperationClient(Duration.ofSeconds(2)).execute(channel, reslice("gpu-a01"), false))
                .isInstanceOf(AgentUnreachableException.class)
                .hasMessageStartingWith("agent for gpu-a01: unavailable");
    }
}

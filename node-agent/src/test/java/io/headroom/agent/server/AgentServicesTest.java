package io.headroom.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.GetInventoryRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a standard gRPC tool sees of an agent: health, reflection, inventory, operations. */
class AgentServicesTest {

    private SimulatorAgent agent;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        agent = SimulatorAgent.create(FleetShape.forGpus(128), 11, 1000, "t-", 5, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel = io.grpc.Grpc.newChannelBuilderForAddress(
                        "127.0.0.1", agent.port(), io.grpc.InsecureChannelCredentials.create())
                .build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        agent.close();
    }

    @Test
    void reflectionListsTheAgentAndHealthServices() throws Exception {
        var services = new CompletableFuture<List<String>>();
        var requests = ServerReflectionGrpc.newStub(channel).serverReflectionInfo(new StreamObserver<>() {
            @Override
            public void onNext(ServerReflectionResponse response) {
                services.complete(response.getListServicesResponse().getServiceList().stream()
                        .map(ServiceResponse::getName)
                        .toList());
            }

            @Override
            public void onError(Throwable t) {
                services.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {}
        });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        assertThat(services.get(10, TimeUnit.SECONDS)).contains("headroom.agent.v1.Agent", "grpc.health.v1.Health");
        requests.onCompleted();
    }

    @Test
    void healthSaysServing() {
        HealthCheckResponse response = HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder()
                        .setService("headroom.agent.v1.Agent")
                        .build());
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void drainIsPlannedThenAppliedOnceAndAStaleGenerationIsAConflict() {
        var stub = AgentGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
        var node = stub.getInventory(GetInventoryRequest.getDefaultInstance()).getNodes(0);
        assertThat(node.getHostname()).startsWith("t-");
        var drain = ExecuteRequest.newBuilder()
                .setIdempotencyKey("op-1")
                .setHostname(node.getHostname())
                .setExpectedGeneration(node.getGeneration())
                .setRequester("tester")
                .setReason("replace GPU 3")
                .setDrain(Drain.getDefaultInstance());

        ExecuteResponse plan = stub.execute(drain.setDryRun(true).build());
        assertThat(plan.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_PLANNED);
        assertThat(plan.getPlanList())
                .containsExactly(
                        "scontrol update NodeName=" + node.getHostname() + " State=DRAIN Reason=\"replace GPU 3\"");

        ExecuteResponse applied = stub.execute(drain.setDryRun(false).build());
        assertThat(applied.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS);
        assertThat(applied.getGeneration()).isGreaterThan(node.getGeneration());

        ExecuteResponse again = stub.execute(drain.build());
        assertThat(again.getReplayed()).isTrue();
        assertThat(again.getGeneration()).isEqualTo(applied.getGeneration());

        ExecuteResponse stale = stub.execute(drain.setIdempotencyKey("op-2").build());
        assertThat(stale.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_CONFLICT);
    }
}

package io.headroom.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.Resume;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Execute's answers say what is true: REJECTED carries the node's generation, a uint64 shows unsigned, a NUL is the caller's. */
class ExecuteAnswersTest {

    private SimulatorAgent agent;
    private ManagedChannel channel;
    private AgentGrpc.AgentBlockingStub stub;
    private String host;

    @BeforeEach
    void start() throws Exception {
        agent = SimulatorAgent.create(FleetShape.forGpus(64), 4, 1000, "", 5, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", agent.port())
                .usePlaintext()
                .build();
        stub = AgentGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
        host = agent.simulator().inventory().nodes().getFirst().hostname();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        agent.close();
    }

    private ExecuteRequest.Builder request(String key) {
        return ExecuteRequest.newBuilder()
                .setHostname(host)
                .setIdempotencyKey(key)
                .setRequester("tester")
                .setReason("test");
    }

    @Test
    void aRejectedAnswerCarriesTheNodesCurrentGeneration() {
        ExecuteResponse drained =
                stub.execute(request("k-1").setDrain(Drain.getDefaultInstance()).build());
        // The same key for another operation: refused by the ledger, which knows no generation of its own.
        ExecuteResponse reused = stub.execute(
                request("k-1").setResume(Resume.getDefaultInstance()).build());
        assertThat(reused.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(reused.getGeneration())
                .as("the generation the drain left")
                .isPositive()
                .isEqualTo(drained.getGeneration());
    }

    @Test
    void theLargestExpectedGenerationIsShownUnsigned() {
        ExecuteResponse answer = stub.execute(request("k-2")
                .setExpectedGeneration(-1L)
                .setDrain(Drain.getDefaultInstance())
                .build());
        assertThat(answer.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_CONFLICT);
        assertThat(answer.getMessage()).contains("18446744073709551615").doesNotContain("-1");
    }

    @Test
    void aNulInTheReasonIsRefusedAsTheCallersNamingTheReason() {
        assertThatThrownBy(() -> stub.execute(request("k-3")
                        .setReason("swap\0PSU")
                        .setDrain(Drain.getDefaultInstance())
                        .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .startsWith("the reason contains a NUL character (U+0000) at character 5");
                });
    }
}

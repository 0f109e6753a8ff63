package io.headroom.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.headroom.agent.badinput.AttackRow;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.GetInventoryRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What an agent takes from a caller in an Execute: a key for anything that changes state, a bounded reason, and nothing that forges a log line. */
class ExecuteInputTest {

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger serviceLog = (Logger) LoggerFactory.getLogger(AgentService.class);
    private SimulatorAgent agent;
    private ManagedChannel channel;
    private AgentGrpc.AgentBlockingStub stub;
    private ExecuteRequest.Builder drain;

    @BeforeEach
    void start() throws Exception {
        logged.start();
        serviceLog.addAppender(logged);
        agent = SimulatorAgent.create(FleetShape.forGpus(64), 7, 1000, "t-", 5, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel = io.grpc.Grpc.newChannelBuilderForAddress(
                        "127.0.0.1", agent.port(), io.grpc.InsecureChannelCredentials.create())
                .build();
        stub = AgentGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
        var node = stub.getInventory(GetInventoryRequest.getDefaultInstance()).getNodes(0);
        drain = ExecuteRequest.newBuilder()
                .setHostname(node.getHostname())
                .setExpectedGeneration(node.getGeneration())
                .setRequester("tester")
                .setReason("replace GPU 3")
                .setDrain(Drain.getDefaultInstance());
    }

    @AfterEach
    void stop() throws InterruptedException {
        serviceLog.detachAppender(logged);
        channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        agent.close();
    }

    @Test
    void anOperationWithoutAnIdempotencyKeyIsRefusedAsInvalidButAPlanIsNot() {
        Throwable refused =
                catchThrowable(() -> stub.execute(drain.setIdempotencyKey("").build()));
        assertThat(refused).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains("idempotency key");
        });
        assertThat(stub.execute(drain.setIdempotencyKey("").setDryRun(true).build())
                        .getStatus())
                .isNotEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        new AttackRow(
                        "5a",
                        "an operation with an empty idempotency key (to run it every time)",
                        "refused (INVALID_ARGUMENT): "
                                + AttackRow.quote(((StatusRuntimeException) refused)
                                        .getStatus()
                                        .getDescription())
                                + "; a dry run without a key still plans",
                        "the caller")
                .write();
    }

    @Test
    void aReasonOverAThousandCharactersIsRefusedWithItsLength() {
        String essay = "x".repeat(AgentService.MAX_REASON_CHARS + 1);
        assertThatThrownBy(() -> stub.execute(
                        drain.setIdempotencyKey("long-1").setReason(essay).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .contains("1001 characters")
                            .contains("at most 1000");
                });
        new AttackRow(
                        "2d",
                        "a 1,001-character reason (100,000 once became a Slurm node's Reason)",
                        "refused (INVALID_ARGUMENT): \"the reason is 1001 characters long; at most 1000 are taken\"",
                        "the caller; nothing reaches the scheduler")
                .write();
        String enough = "x".repeat(AgentService.MAX_REASON_CHARS);
        assertThat(stub.execute(drain.setIdempotencyKey("long-2")
                                .setReason(enough)
                                .build())
                        .getStatus())
                .isNotEqualTo(ExecuteStatus.EXECUTE_STATUS_UNSPECIFIED);
    }

    @Test
    void aReasonCannotForgeALogLineOrColourTheTerminal() {
        String forged = "swap\n12:00:00.000 INFO  executed resume on gpu-1 by mallory (operator)\u001b[31m";
        stub.execute(drain.setIdempotencyKey("forge-1").setReason(forged).build());

        var lines = logged.list.stream()
                .map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.contains("swap"))
                .toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst())
                .doesNotContain("\n")
                .doesNotContain("\u001b")
                .contains("swap\\n12:00:00.000 INFO  executed resume")
                .contains("\\u001b[31m");
        new AttackRow(
                        "4a",
                        "a reason holding a newline, a forged log line and an ANSI colour escape",
                        "one log line, the newline and escape written as \\n and \\u001b: "
                                + AttackRow.quote(lines.getFirst()),
                        "whoever reads the agent's log: no forged line")
                .write();
    }
}

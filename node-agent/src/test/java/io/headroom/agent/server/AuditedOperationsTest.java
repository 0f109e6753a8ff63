package io.headroom.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.headroom.agent.access.AccessPolicy;
import io.headroom.agent.audit.AuditFile;
import io.headroom.agent.audit.AuditFileVerifier;
import io.headroom.agent.metrics.AgentMetrics;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.core.audit.ChainVerdict;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Operations and their audit file over real gRPC: a replay is written as a replay of the
 * original record, with who asked again; a deleted audit file refuses the next operation with
 * FAILED_PRECONDITION naming the file, is logged as an ERROR and shows on /metrics.
 */
class AuditedOperationsTest {

    @TempDir
    Path dir;

    private Path file;
    private AuditFile audit;
    private SimulatorAgent agent;
    private ManagedChannel channel;
    private AgentGrpc.AgentBlockingStub stub;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void start() throws Exception {
        logged.start();
        root.addAppender(logged);
        file = dir.resolve("audit.jsonl");
        audit = AuditFile.open(file);
        agent = SimulatorAgent.create(
                        FleetShape.forGpus(64),
                        9,
                        1000,
                        "",
                        5,
                        InstantSource.system(),
                        new EndpointSecurity(null, AccessPolicy.OPEN, audit))
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", agent.port())
                .usePlaintext()
                .build();
        stub = AgentGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        root.detachAppender(logged);
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        agent.close();
    }

    private ExecuteRequest drain(String key, String requester) {
        return ExecuteRequest.newBuilder()
                .setIdempotencyKey(key)
                .setRequester(requester)
                .setReason("swap PSU 2")
                .setHostname(agent.simulator().inventory().nodes().getFirst().hostname())
                .setDrain(Drain.getDefaultInstance())
                .build();
    }

    @Test
    void aReplayIsOneReplayRecordPointingAtTheOriginalWithWhoAskedAgain() throws Exception {
        ExecuteResponse first = stub.execute(drain("op-1", "alice@laptop"));
        // The same operation again, from another machine (a second console replaying a shared outbox).
        ManagedChannel other = NettyChannelBuilder.forAddress("127.0.0.1", agent.port())
                .usePlaintext()
                .localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
                    @Override
                    public java.net.SocketAddress createSocketAddress(
                            java.net.SocketAddress remote, io.grpc.Attributes a) {
                        return new InetSocketAddress("127.0.0.2", 0);
                    }
                })
                .build();
        ExecuteResponse again;
        try {
            again = AgentGrpc.newBlockingStub(other)
                    .withDeadlineAfter(20, TimeUnit.SECONDS)
                    .execute(drain("op-1", "alice@laptop"));
        } finally {
            other.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        assertThat(again.getReplayed()).isTrue();
        assertThat(again.getStatus()).isEqualTo(first.getStatus());

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).as("REQUESTED and the result once, then the replay").hasSize(3);
        assertThat(lines.get(0)).contains("\"result\":\"REQUESTED\"").contains("\"requester\":\"alice@laptop\"");
        assertThat(lines.get(1)).contains("\"seq\":\"2\"").contains("\"requester\":\"alice@laptop\"");
        assertThat(lines.get(1)).contains("\"peer\":\"127.0.0.1\"");
        assertThat(lines.get(2))
                .contains("\"result\":\"REPLAY\"")
                .contains("\"replay_of\":\"2\"")
                .contains("\"identity\":\"anonymous\"")
                .contains("\"peer\":\"127.0.0.2\"");
        assertThat(AuditFileVerifier.verify(file)).isInstanceOf(ChainVerdict.Intact.class);
    }

    @Test
    void aDeletedAuditFileRefusesTheNextOperationLoudlyAndTheOneAfterGoesThrough() throws Exception {
        stub.execute(drain("before", "alice@laptop"));
        try (var metrics = new AgentMetrics(agent.publisher()::latest, List.of(), null, audit::status)) {
            int port = metrics.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertThat(scrape(port))
                    .contains("headroom_agent_audit_file_intact 1.0")
                    .contains("headroom_agent_audit_interruptions_total 0.0");

            Files.delete(file);
            assertThat(scrape(port))
                    .as("seen at the next scrape, before any operation")
                    .contains("headroom_agent_audit_file_intact 0.0");
            assertThatThrownBy(() -> stub.execute(drain("after", "alice@laptop")))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                        assertThat(e.getStatus().getDescription())
                                .contains(
                                        "the audit file " + file + " was deleted while the agent ran (after record 2)")
                                .contains("send it again");
                    });
            assertThat(logged.list).anySatisfy(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                assertThat(e.getFormattedMessage()).contains(file.toString()).contains("deleted");
            });
            assertThat(scrape(port))
                    .contains("headroom_agent_audit_interruptions_total 1.0")
                    .contains("headroom_agent_audit_file_intact 1.0")
                    .contains("headroom_agent_audit_writable 1.0");
        }
        assertThat(stub.execute(drain("after", "alice@laptop")).getStatus())
                .isIn(ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS, ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(Files.readAllLines(file)).hasSize(3); // the segment, REQUESTED, the result
    }

    private static String scrape(int port) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}

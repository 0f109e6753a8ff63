package io.headroom.client.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.headroom.client.AgentConnection;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.AgentStatus;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.wire.AgentEndpoint;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An agent that sends what it must not: bytes that are not protobuf, a message over the
 * client's size limit, an inventory with a nameless node. Each time the console names the
 * reason on its connection board, logs it, keeps retrying, and recovers by itself as soon as
 * the agent behaves again. Real gRPC over loopback; the agent is {@link FakeAgent}.
 */
class MalformedAgentTest {

    private static final int MAX_INBOUND_BYTES = 64 * 1024;
    private static final Duration LIMIT = Duration.ofSeconds(15);

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger connectionLog = (Logger) LoggerFactory.getLogger(AgentConnection.class);
    private FakeAgent agent;
    private FleetClient client;
    private FleetState fleet;
    private ConnectionBoard board;
    private AgentEndpoint endpoint;

    @BeforeEach
    void captureLog() {
        logged.start();
        connectionLog.addAppender(logged);
    }

    @AfterEach
    void tearDown() throws Exception {
        connectionLog.detachAppender(logged);
        if (client != null) {
            client.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    private AgentConnection connect(FakeAgent.Mode mode) throws Exception {
        agent = new FakeAgent(mode);
        endpoint = new AgentEndpoint("127.0.0.1", agent.port());
        fleet = new FleetState(IdleThresholds.DEFAULTS);
        board = new ConnectionBoard(List.of(endpoint.toString()));
        var options = ClientOptions.defaults("malformed-test")
                .withChannels(e -> Grpc.newChannelBuilder(e.target(), InsecureChannelCredentials.create())
                        .maxInboundMessageSize(MAX_INBOUND_BYTES)
                        .build())
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
        client = new FleetClient(List.of(endpoint), fleet, board, options).start();
        return client.connections().getFirst();
    }

    private AgentStatus status() {
        return board.statuses().getFirst();
    }

    /** What the test saw last, for a wait that timed out. */
    private String seen() {
        return status() + ", inventory calls " + agent.inventoryCalls() + ", stream calls " + agent.streamCalls();
    }

    /** Written once the fake behaves: the node's GPUs carry samples, without a jump in sequence. */
    private void assertRecovers(AgentConnection connection) {
        long batchesBefore = connection.batchesReceived();
        agent.mode(FakeAgent.Mode.GOOD);
        await("the connection to come back by itself")
                .atMost(LIMIT)
                .untilAsserted(() -> assertThat(status().health() == AgentHealth.ONLINE)
                        .as(this::seen)
                        .isTrue());
        await("samples of " + FakeAgent.HOSTNAME + " in the fleet")
                .atMost(LIMIT)
                .untilAsserted(() -> {
                    int node = fleet.layout().nodeIndex(FakeAgent.HOSTNAME);
                    assertThat(node >= 0
                                    && fleet.current().nodeSampleTime(node) > 0
                                    && fleet.current().sampleTime(fleet.layout().firstGpuSlot(node)) > 0)
                            .as(this::seen)
                            .isTrue();
                });
        await("a steady stream of batches")
                .atMost(LIMIT)
                .untilAsserted(() -> assertThat(connection.batchesReceived() >= batchesBefore + 5)
                        .as(this::seen)
                        .isTrue());
        assertThat(connection.isOnline()).isTrue();
        assertThat(status().lastError()).isEmpty();
        assertThat(status().nextRetry()).isNull();
        assertThat(fleet.layout().gpuCount()).isEqualTo(2);
        assertThat(connection.sequenceGaps()).as("sequence jumps").isZero();
    }

    private List<String> warnings() {
        return logged.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void aStreamMessageThatIsNotProtobufFailsTheConnectionWhichIsRetriedAndRecovers() throws Exception {
        assertThatThrownBy(() -> TelemetryBatch.parseFrom(FakeAgent.GARBAGE))
                .as("the fake's garbage really is not a TelemetryBatch")
                .isInstanceOf(InvalidProtocolBufferException.class);
        AgentConnection connection = connect(FakeAgent.Mode.GARBAGE);

        await("the garbage stream to be rejected and retried")
                .atMost(LIMIT)
                .untilAsserted(
                        () -> assertThat(agent.streamCalls() >= 3 && status().health() == AgentHealth.UNREACHABLE)
                                .as(this::seen)
                                .isTrue());
        AgentStatus failed = status();
        assertThat(failed.lastError())
                .as("the reason on the board")
                .startsWith("malformed data: ")
                .contains("not valid protobuf");
        assertThat(failed.nextRetry()).as("the next retry on the board").isNotNull();
        assertThat(connection.isOnline()).isFalse();
        assertThat(connection.batchesReceived())
                .as("garbage accepted as a batch")
                .isZero();
        assertThat(warnings())
                .as("logged reasons")
                .anySatisfy(w -> assertThat(w).contains(endpoint.toString(), "not valid protobuf", "retrying in"));

        assertRecovers(connection);
    }

    @Test
    void aMessageOverTheClientsSizeLimitIsRejectedNamedAndTheConnectionRecovers() throws Exception {
        AgentConnection connection = connect(FakeAgent.Mode.OVERSIZED);

        await("the oversized message to be rejected and the stream retried")
                .atMost(LIMIT)
                .untilAsserted(
                        () -> assertThat(agent.streamCalls() >= 2 && status().health() == AgentHealth.UNREACHABLE)
                                .as(this::seen)
                                .isTrue());
        AgentStatus failed = status();
        assertThat(failed.lastError())
                .as("the reason on the board")
                .contains("message too large")
                .contains(String.valueOf(MAX_INBOUND_BYTES));
        assertThat(failed.nextRetry()).isNotNull();
        assertThat(connection.batchesReceived())
                .as("the oversized batch accepted")
                .isZero();
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains(endpoint.toString(), "message too large"));

        assertRecovers(connection);
    }

    @Test
    void anInventoryWithANamelessNodeIsMalformedDataAndIsRetriedWithoutOpeningAStream() throws Exception {
        AgentConnection connection = connect(FakeAgent.Mode.NAMELESS_NODE);

        await("the malformed inventory to be rejected and asked for again")
                .atMost(LIMIT)
                .untilAsserted(
                        () -> assertThat(agent.inventoryCalls() >= 3 && status().health() == AgentHealth.UNREACHABLE)
                                .as(this::seen)
                                .isTrue());
        AgentStatus failed = status();
        assertThat(failed.lastError()).startsWith("malformed data: ").contains("without a hostname", "SN-0001");
        assertThat(failed.nextRetry()).isNotNull();
        assertThat(agent.streamCalls())
                .as("streams opened on a malformed inventory")
                .isZero();
        assertThat(fleet.layout().nodeCount())
                .as("nodes installed from a malformed inventory")
                .isZero();
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains(endpoint.toString(), "malformed data"));

        assertRecovers(connection);
    }
}

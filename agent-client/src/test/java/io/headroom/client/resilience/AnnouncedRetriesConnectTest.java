package io.headroom.client.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.wire.AgentEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The retry the connection bar announces is a retry that happens. gRPC channels keep a
 * reconnect backoff of their own (1 s, growing 1.6 times per failure up to 120 s); while it
 * runs, calls fail at once with the previous error and nothing is sent. A console whose own
 * backoff is shorter then shows "next retry in 0.1 s" again and again without trying, and
 * after a longer outage reaches the agent only when the channel's timer (up to 2 minutes)
 * says so.
 *
 * <p>The agent here is a port that accepts each TCP connection and closes it at once (a
 * crashed agent behind a listening load balancer, or one still starting up): every attempt
 * that really connects is counted.
 */
class AnnouncedRetriesConnectTest {

    private static final int ANNOUNCED_FAILURES = 30;

    private ServerSocket dropping;
    private FleetClient client;

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        if (dropping != null) {
            dropping.close();
        }
    }

    @Test
    void everyFailedAttemptTheBoardShowsTriedToConnect() throws Exception {
        dropping = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AtomicInteger connections = new AtomicInteger();
        Thread.ofVirtual().name("dropping-agent").start(() -> {
            while (!dropping.isClosed()) {
                try (Socket socket = dropping.accept()) {
                    connections.incrementAndGet();
                } catch (IOException e) {
                    return; // closed by the test
                }
            }
        });
        var endpoint = new AgentEndpoint("127.0.0.1", dropping.getLocalPort());
        var board = new ConnectionBoard(List.of(endpoint.toString()));
        client = new FleetClient(
                        List.of(endpoint),
                        new FleetState(IdleThresholds.DEFAULTS),
                        board,
                        ClientOptions.defaults("retry-test").withBackoff(Duration.ofMillis(50), Duration.ofMillis(100)))
                .start();

        // Every board update is one failed attempt, announced with its next retry.
        await(ANNOUNCED_FAILURES + " failed attempts on the board")
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(board.version() >= ANNOUNCED_FAILURES)
                        .as(() -> board.version() + " updates, " + connections.get() + " connections")
                        .isTrue());
        long announced = board.version();
        int connected = connections.get();

        assertThat(board.statuses().getFirst().health()).isEqualTo(AgentHealth.UNREACHABLE);
        assertThat(board.statuses().getFirst().nextRetry()).isNotNull();
        assertThat(connected)
                .as("TCP connections the console opened for %d failed attempts shown on the board", announced)
                .isGreaterThanOrEqualTo((int) (announced / 2));
    }
}

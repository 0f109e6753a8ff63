package io.headroom.app;

import static io.headroom.app.ConsoleExtension.onFx;
import static io.headroom.app.ConsoleExtension.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.AgentStatus;
import io.headroom.views.connection.LinkState;
import io.headroom.wire.AgentEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An agent address nobody answers on: the console says so, keeps retrying, and stays responsive. */
class UnreachableAgentTest {

    private final int deadPort = freePort();

    @RegisterExtension
    final ConsoleExtension console = ConsoleExtension.connectedTo(new AgentEndpoint("127.0.0.1", deadPort))
            .inMemory();

    private static int freePort() {
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort(); // free again once closed: connections are refused
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void showsTheAgentAsUnreachableWithTheReasonAndKeepsRetrying() throws Exception {
        var connection = onFx(() -> console.view().overview().connection());
        waitFor(
                "the agent shown offline with the reason",
                () -> connection.linkProperty().get() == LinkState.OFFLINE
                        && !connection.unreachableDetailsProperty().get().isEmpty());

        AgentStatus status = console.live().board().statuses().getFirst();
        assertThat(status.health()).isEqualTo(AgentHealth.UNREACHABLE);
        assertThat(status.lastError()).contains("connection refused");
        assertThat(status.nextRetry()).isNotNull();
        String details = onFx(() -> connection.unreachableDetailsProperty().get());
        assertThat(details).contains("127.0.0.1:" + deadPort).contains("connection refused");

        // Still retrying: the retry time moves on.
        var firstRetry = status.nextRetry();
        await("a later retry")
                .atMost(ConsoleExtension.WAIT)
                .until(() -> !firstRetry.equals(
                        console.live().board().statuses().getFirst().nextRetry()));
    }
}

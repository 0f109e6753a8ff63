package io.headroom.app;

import io.headroom.wire.AgentEndpoint;
import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.AgentStatus;
import io.headroom.themes.Theme;
import io.headroom.views.connection.LinkState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** An agent address nobody answers on: the console says so, keeps retrying, and stays responsive. */
class UnreachableAgentTest {

    private ConsoleApp app;
    private int deadPort;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void launch() throws Exception {
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = probe.getLocalPort(); // free again once closed: connections are refused
        }
        var settings = new ConsoleSettings(List.of(new AgentEndpoint("127.0.0.1", deadPort)), 512, 42,
                Theme.LAPTOP_LIGHT, false, Locale.US, null, null, null);
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(settings));
        app.awaitConsole();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupApplication(app);
    }

    @Test
    void showsTheAgentAsUnreachableWithTheReasonAndKeepsRetrying() throws Exception {
        var connection = WaitForAsyncUtils.asyncFx(() -> app.view().overview().connection()).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> connection.linkProperty().get() == LinkState.OFFLINE && !connection.unreachableDetailsProperty().get().isEmpty())
                .get(5, TimeUnit.SECONDS));

        AgentStatus status = app.live().board().statuses().getFirst();
        assertThat(status.health()).isEqualTo(AgentHealth.UNREACHABLE);
        assertThat(status.lastError()).contains("connection refused");
        assertThat(status.nextRetry()).isNotNull();
        String details = WaitForAsyncUtils.asyncFx(() -> connection.unreachableDetailsProperty().get()).get(5, TimeUnit.SECONDS);
        assertThat(details).contains("127.0.0.1:" + deadPort).contains("connection refused");

        // Still retrying: the retry time moves on.
        var firstRetry = status.nextRetry();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> !firstRetry.equals(app.live().board().statuses().getFirst().nextRetry()));
    }
}

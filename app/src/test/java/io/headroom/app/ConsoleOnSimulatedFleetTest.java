package io.headroom.app;

import io.headroom.core.idle.IdleState;
import io.headroom.themes.Theme;
import io.headroom.views.overview.OverviewViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.headroom.wire.AgentEndpoint;
import java.nio.file.Path;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole console, headless, as the README's run command starts it: an embedded simulated
 * fleet served over gRPC on loopback, the real client, the real views.
 */
class ConsoleOnSimulatedFleetTest {

    @TempDir
    Path profile;
    private ConsoleApp app;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void launch() throws Exception {
        app = start(List.of());
    }

    private ConsoleApp start(List<AgentEndpoint> agents) throws Exception {
        var settings = new ConsoleSettings(agents, 512, 42, Theme.WALL_DARK, false, Locale.US, null, null, profile);
        var started = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(settings));
        started.awaitConsole();
        return started;
    }

    @AfterEach
    void close() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
    }

    @Test
    void aRestartWithEveryAgentUnreachableShowsTheLastKnownFleetFromTheStoreAsStale() throws Exception {
        OverviewViewModel first = onFx(() -> app.view().overview().overview());
        waitFor(() -> first.gpuCountProperty().get() == 512 && first.gpusProperty(IdleState.STALE).get() < 512
                && app.live().fleet().current().sampleTime(0) > 0, "live samples on screen");
        FxToolkit.cleanupApplication(app); // closing saves the cache
        app = null;

        int deadPort;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = probe.getLocalPort();
        }
        app = start(List.of(new AgentEndpoint("127.0.0.1", deadPort)));
        OverviewViewModel restarted = onFx(() -> app.view().overview().overview());
        waitFor(() -> restarted.gpuCountProperty().get() == 512, "the cached inventory, with no agent answering");
        long savedSample = app.live().fleet().current().sampleTime(0);
        assertThat(savedSample).as("each value keeps its original time, so its age").isPositive()
                .isLessThan(System.currentTimeMillis());
        // Values saved a moment ago are still fresh; three intervals later, with no agent, none is shown as live.
        waitFor(() -> restarted.gpusProperty(IdleState.STALE).get() == 512, "the cached values to age into stale");
    }

    @Test
    void theOverviewShowsTheLiveFleetAndTurnsStaleWhenTheAgentFallsSilent() throws Exception {
        OverviewViewModel overview = onFx(() -> app.view().overview().overview());
        waitFor(() -> overview.gpuCountProperty().get() == 512, "the 512 GPUs of the inventory");
        waitFor(() -> overview.gpusProperty(IdleState.STALE).get() < 512, "live samples on screen");
        int live = onFx(() -> 512 - overview.gpusProperty(IdleState.STALE).get());
        assertThat(live).isGreaterThan(400);
        assertThat(onFx(() -> overview.utilizationTextProperty().get())).matches(".*\\d.*");

        // The agent stops sampling; within 3 intervals (plus a frame) the console says so.
        app.live().embeddedSimulator().orElseThrow().publisher().close();
        waitFor(() -> overview.gpusProperty(IdleState.STALE).get() == 512, "every GPU to turn stale");
        assertThat(onFx(() -> overview.staleNodesProperty().get())).isEqualTo(64);
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(5, TimeUnit.SECONDS);
    }

    private static void waitFor(Callable<Boolean> condition, String what) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
    }
}

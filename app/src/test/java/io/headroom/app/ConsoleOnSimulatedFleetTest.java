package io.headroom.app;

import static io.headroom.app.ConsoleExtension.onFx;
import static io.headroom.app.ConsoleExtension.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.idle.IdleState;
import io.headroom.themes.Theme;
import io.headroom.views.overview.FleetTilesViewModel;
import io.headroom.wire.AgentEndpoint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole console, headless, as the README's run command starts it: an embedded simulated
 * fleet served over gRPC on loopback, the real client, the real views.
 */
class ConsoleOnSimulatedFleetTest {

    @RegisterExtension
    final ConsoleExtension console = ConsoleExtension.onSimulatedFleet(512).theme(Theme.WALL_DARK);

    @Test
    void aRestartWithEveryAgentUnreachableShowsTheLastKnownFleetFromTheStoreAsStale() throws Exception {
        FleetTilesViewModel first = onFx(() -> console.view().overview().tiles());
        waitFor(
                "live samples on screen",
                () -> first.gpuCountProperty().get() == 512
                        && first.gpusProperty(IdleState.STALE).get() < 512
                        && console.live().fleet().current().sampleTime(0) > 0);
        console.stop(); // closing saves the cache

        int deadPort;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = probe.getLocalPort();
        }
        console.start(List.of(new AgentEndpoint("127.0.0.1", deadPort)));
        FleetTilesViewModel restarted = onFx(() -> console.view().overview().tiles());
        waitFor(
                "the cached inventory, with no agent answering",
                () -> restarted.gpuCountProperty().get() == 512);
        long savedSample = console.live().fleet().current().sampleTime(0);
        assertThat(savedSample)
                .as("each value keeps its original time, so its age")
                .isPositive()
                .isLessThan(System.currentTimeMillis());
        // Values saved a moment ago are still fresh; three intervals later, with no agent, none is shown as live.
        waitFor(
                "the cached values to age into stale",
                () -> restarted.gpusProperty(IdleState.STALE).get() == 512);
    }

    @Test
    void theOverviewShowsTheLiveFleetAndTurnsStaleWhenTheAgentFallsSilent() throws Exception {
        FleetTilesViewModel overview = onFx(() -> console.view().overview().tiles());
        waitFor(
                "the 512 GPUs of the inventory",
                () -> overview.gpuCountProperty().get() == 512);
        waitFor(
                "live samples on screen",
                () -> overview.gpusProperty(IdleState.STALE).get() < 512);
        int live = onFx(() -> 512 - overview.gpusProperty(IdleState.STALE).get());
        assertThat(live).isGreaterThan(400);
        assertThat(onFx(() -> overview.utilizationPctProperty().get())).isNotNaN();

        // The agent stops sampling; within 3 intervals (plus a frame) the console says so.
        console.live().embeddedSimulator().orElseThrow().publisher().close();
        waitFor(
                "every GPU to turn stale",
                () -> overview.gpusProperty(IdleState.STALE).get() == 512);
        assertThat(onFx(() -> overview.staleNodesProperty().get())).isEqualTo(64);
    }
}

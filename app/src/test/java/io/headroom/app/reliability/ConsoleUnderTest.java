package io.headroom.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.app.ConsoleExtension;
import io.headroom.app.LiveFleet;
import io.headroom.core.connection.AgentHealth;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.operation.OperationAction;
import io.headroom.core.operation.PendingOperation;
import io.headroom.themes.Theme;
import io.headroom.views.operations.OperationRow;
import io.headroom.wire.AgentEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real console (its window on JavaFX's headless platform, its store in a profile
 * directory, its outbox and replayer) connected to one address, with an FX-thread pinger.
 */
final class ConsoleUnderTest implements AutoCloseable {

    private final ConsoleExtension console;
    final FxResponsiveness fx;

    /** Starts {@code console} (see {@link #extension()}) connected to the agent, relay or proxy on {@code port}. */
    ConsoleUnderTest(ConsoleExtension console, int port) throws Exception {
        this.console = console;
        console.start(List.of(new AgentEndpoint("127.0.0.1", port)));
        fx = new FxResponsiveness();
    }

    /** How the suite's tests set up their console: started by the test, 64 GPUs' worth of settings, wall theme. */
    static ConsoleExtension extension() {
        return ConsoleExtension.startedByTest().gpus(64).theme(Theme.WALL_DARK);
    }

    LiveFleet live() {
        return console.live();
    }

    AgentHealth health() {
        return live().board().statuses().getFirst().health();
    }

    /** Whether the console shows the first GPU as stale (no sample within 3 intervals) now. */
    boolean firstGpuStale() {
        var fleet = live().fleet();
        return fleet.layout().gpuCount() > 0
                && live().classifier().isStale(fleet.current(), 0, System.currentTimeMillis());
    }

    /** The newest sample time the console has of the first node. */
    long firstNodeSampleTime() {
        return live().fleet().layout().nodeCount() == 0
                ? 0
                : live().fleet().current().nodeSampleTime(0);
    }

    void awaitOnlineWithData(Duration limit) {
        await("the console online with live data")
                .atMost(limit)
                .untilAsserted(() -> assertThat(health() == AgentHealth.ONLINE
                                && live().fleet().layout().gpuCount() > 0
                                && !firstGpuStale())
                        .as(() -> live().board().statuses().toString())
                        .isTrue());
    }

    /** Queues a drain or resume of {@code host} through the console's operations desk (as the dialog does). */
    String queue(String host, long expectedGeneration, boolean drain, String why) throws Exception {
        var operation = PendingOperation.create(
                host,
                drain ? new OperationAction.Drain() : new OperationAction.Resume(),
                expectedGeneration,
                "reliability-suite",
                why,
                java.time.Clock.systemUTC());
        live().operations().submit(operation).get(30, TimeUnit.SECONDS);
        return operation.idempotencyKey();
    }

    /** The outbox's rows, newest first. */
    List<OperationRow> outbox() throws Exception {
        return live().operations().recentOperations(10_000).get(30, TimeUnit.SECONDS);
    }

    int nodeIndex(String host) {
        return live().fleet().layout().nodeIndex(host);
    }

    boolean knows(String host) {
        return nodeIndex(host) != FleetLayout.NONE;
    }

    /** What the status bar says of the local store ("" when all is well). */
    String storeLine() throws Exception {
        return org.testfx.util.WaitForAsyncUtils.asyncFx(() -> {
                    var label = (javafx.scene.control.Label) console.view().lookup("#store-problem");
                    return label == null || !label.isVisible() ? "" : label.getText();
                })
                .get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        fx.close();
        console.stop();
    }
}

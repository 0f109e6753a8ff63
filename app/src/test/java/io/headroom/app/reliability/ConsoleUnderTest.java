package io.headroom.app.reliability;

import io.headroom.app.ConsoleApp;
import io.headroom.app.ConsoleSettings;
import io.headroom.app.LiveFleet;
import io.headroom.wire.AgentEndpoint;
import io.headroom.core.connection.AgentHealth;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.operation.OperationAction;
import io.headroom.core.operation.PendingOperation;
import io.headroom.themes.Theme;
import io.headroom.views.operations.OperationRow;
import org.testfx.api.FxToolkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The real console (its window on JavaFX's headless platform, its store in a profile
 * directory, its outbox and replayer) connected to one address, with an FX-thread pinger.
 */
final class ConsoleUnderTest implements AutoCloseable {

    private final ConsoleApp app;
    final FxResponsiveness fx;

    ConsoleUnderTest(int port, Path profile) throws Exception {
        FxToolkit.registerPrimaryStage();
        var settings = new ConsoleSettings(List.of(new AgentEndpoint("127.0.0.1", port)), 64, 42, Theme.WALL_DARK, false,
                Locale.US, null, null, profile);
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(settings));
        app.awaitConsole();
        fx = new FxResponsiveness();
    }

    LiveFleet live() {
        return app.live();
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
        return live().fleet().layout().nodeCount() == 0 ? 0 : live().fleet().current().nodeSampleTime(0);
    }

    void awaitOnlineWithData(Duration limit) {
        Waiting.waitUntil(() -> health() == AgentHealth.ONLINE && live().fleet().layout().gpuCount() > 0
                && !firstGpuStale(), "the console online with live data", limit, () -> live().board().statuses().toString());
    }

    /** Queues a drain or resume of {@code host} through the console's operations desk (as the dialog does). */
    String queue(String host, long expectedGeneration, boolean drain, String why) throws Exception {
        var operation = PendingOperation.create(host, drain ? new OperationAction.Drain() : new OperationAction.Resume(),
                expectedGeneration, "reliability-suite", why, java.time.Clock.systemUTC());
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
            var label = (javafx.scene.control.Label) app.view().lookup("#store-problem");
            return label == null || !label.isVisible() ? "" : label.getText();
        }).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        fx.close();
        FxToolkit.cleanupApplication(app);
    }
}

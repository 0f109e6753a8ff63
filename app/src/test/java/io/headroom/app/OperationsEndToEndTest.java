package io.headroom.app;

import io.headroom.core.fleet.SchedulerState;
import io.headroom.themes.Theme;
import io.headroom.views.operations.OperationDialog;
import io.headroom.views.operations.OperationRow;
import javafx.scene.control.Button;
import javafx.scene.control.TextArea;
import javafx.scene.image.WritableImage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A technician drains a server from its page: the dialog shows the agent's dry-run plan,
 * takes a reason, and closes once the outbox has the operation; the outbox sends it over
 * gRPC to the (embedded, simulated) agent; the node turns draining, and the operations page
 * and its CSV export show who did what and why.
 */
class OperationsEndToEndTest {

    @TempDir
    Path profile;
    @TempDir
    Path exports;
    private ConsoleApp app;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
    }

    @Test
    void aDrainGoesFromTheDialogThroughTheOutboxToTheAgentAndIntoTheAuditLog() throws Exception {
        var settings = new ConsoleSettings(List.of(), 512, 42, Theme.LAPTOP_LIGHT, false, Locale.US, null, null, profile);
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(settings));
        app.awaitConsole();
        waitFor(() -> app.live().fleet().layout().nodeCount() == 64, "the simulated inventory");
        waitFor(() -> app.live().client().channelFor(app.live().fleet().layout().node(5).hostname()).isPresent(),
                "the agent that reports node 5");
        String host = app.live().fleet().layout().node(5).hostname();
        SchedulerState before = app.live().fleet().layout().node(5).schedulerState();
        assertThat(before).isNotIn(SchedulerState.DRAINING, SchedulerState.DRAINED);

        onFx(() -> {
            app.view().openNode(5);
            var actions = (javafx.scene.layout.HBox) app.view().node().lookup("#node-actions");
            Button drain = (Button) actions.getChildren().getFirst();
            assertThat(drain.getText()).isEqualTo("Drain");
            drain.fire();
            return null;
        });
        OperationDialog dialog = onFx(OperationsEndToEndTest::openDialog);
        waitFor(() -> dialog.form().lookup("#operation-plan") instanceof TextArea plan
                && plan.getText().contains("scontrol update NodeName=" + host + " State=DRAIN"),
                "the dry-run plan", () -> ((javafx.scene.control.Label) dialog.form().lookup("#operation-plan-status")).getText());
        assertThat(onFx(() -> dialog.getDialogPane().lookupButton(dialog.getDialogPane().getButtonTypes().getFirst())
                .isDisabled())).as("no reason yet").isTrue();
        onFx(() -> {
            ((TextArea) dialog.form().lookup("#operation-reason")).setText("replace GPU 3 after XID 79, OPS-1234");
            return null;
        });
        writePng(onFx(() -> dialog.getDialogPane().snapshot(null, null)), "operation-dialog.png");
        onFx(() -> {
            ((Button) dialog.getDialogPane().lookup("#operation-queue")).fire();
            return null;
        });
        waitFor(() -> !dialog.isShowing(), "the dialog to close once the outbox has the drain");

        waitFor(() -> delivered(host), "the outbox to deliver the drain");
        waitFor(() -> {
            var telemetry = app.live().fleet().current();
            int node = telemetry.layout().nodeIndex(host);
            SchedulerState now = telemetry.layout().node(node).schedulerState();
            return now == SchedulerState.DRAINING || now == SchedulerState.DRAINED;
        }, "the node to show draining");

        var operations = onFx(() -> {
            app.view().showTab(4);
            var page = app.view().operations();
            page.refresh();
            return page;
        });
        waitFor(() -> operations.lookup("#audit-table") instanceof javafx.scene.control.TableView<?> table
                && !table.getItems().isEmpty(), "the audit log on the operations page");
        onFx(() -> {
            operations.verifyAudit();
            return null;
        });
        waitFor(() -> operations.auditVerdictText().matches("Audit trail verifies \\([1-9]\\d* entries\\)"),
                "the page to say the audit trail verifies", operations::auditVerdictText);
        writePng(onFx(() -> app.view().getScene().snapshot(null)), "operations-page.png");

        Path csv = exports.resolve("audit.csv");
        onFx(() -> {
            operations.export(csv);
            return null;
        });
        waitFor(() -> operations.statusText().startsWith("Exported"), "the CSV export");
        String exported = Files.readString(csv, StandardCharsets.UTF_8);
        assertThat(exported).contains(host).contains("drain").contains("replace GPU 3 after XID 79, OPS-1234")
                .contains(ConsoleIdentity.operator());
    }

    @Test
    void aWholeRackIsDrainedWithOneReasonAsOneOperationPerServer() throws Exception {
        var settings = new ConsoleSettings(List.of(), 512, 42, Theme.LAPTOP_LIGHT, false, Locale.US, null, null, profile);
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(settings));
        app.awaitConsole();
        waitFor(() -> app.live().fleet().layout().nodeCount() == 64, "the simulated inventory");
        var layout = app.live().fleet().layout();
        String rack = layout.node(9).rackId();
        List<String> hosts = layout.inventory().nodes().stream().filter(n -> n.rackId().equals(rack))
                .map(io.headroom.core.fleet.Node::hostname).toList();
        waitFor(() -> hosts.stream().allMatch(h -> app.live().client().channelFor(h).isPresent()), "the agent of the rack");

        onFx(() -> {
            app.view().openNode(9);
            var actions = (javafx.scene.layout.HBox) app.view().lookup("#rack-actions");
            Button drainRack = (Button) actions.getChildren().getFirst();
            assertThat(drainRack.getText()).isEqualTo("Drain rack " + rack + " (" + hosts.size() + " servers)");
            app.view().showTab(1);
            return null;
        });
        waitFor(() -> app.view().lookup(".hr-hall-buttons") instanceof javafx.scene.layout.Pane halls
                && !halls.getChildren().isEmpty(), "the racks page's first frame");
        writePng(onFx(() -> app.view().getScene().snapshot(null)), "racks-page-actions.png");
        onFx(() -> {
            ((Button) ((javafx.scene.layout.HBox) app.view().lookup("#rack-actions")).getChildren().getFirst()).fire();
            return null;
        });
        OperationDialog dialog = onFx(OperationsEndToEndTest::openDialog);
        waitFor(() -> ((TextArea) dialog.form().lookup("#operation-plan")).getText().lines().count() == hosts.size(),
                "one planned command per server");
        writePng(onFx(() -> dialog.getDialogPane().snapshot(null, null)), "rack-drain-dialog.png");
        onFx(() -> {
            ((TextArea) dialog.form().lookup("#operation-reason")).setText("rack PDU swap");
            ((Button) dialog.getDialogPane().lookup("#operation-queue")).fire();
            return null;
        });
        waitFor(() -> !dialog.isShowing(), "the dialog to close once every drain is queued");
        waitFor(() -> hosts.stream().allMatch(h -> {
            try {
                return delivered(h);
            } catch (Exception e) {
                return false;
            }
        }), "a delivered drain for every server of the rack");
        assertThat(app.live().operations().recentOperations(50).get().stream()
                .filter(r -> hosts.contains(r.hostname()) && r.reason().equals("rack PDU swap"))).hasSize(hosts.size());
    }

    private boolean delivered(String host) throws Exception {
        List<OperationRow> rows = app.live().operations().recentOperations(10).get(5, TimeUnit.SECONDS);
        return rows.stream().anyMatch(r -> r.hostname().equals(host) && r.state().equals("DELIVERED"));
    }

    private static OperationDialog openDialog() {
        for (Window window : Window.getWindows()) {
            if (window.getScene() != null && window.getScene().getRoot() instanceof javafx.scene.control.DialogPane pane
                    && pane.getContent() != null && pane.getProperties() != null) {
                Object dialog = pane.getScene().getWindow().getProperties().get(OperationDialog.class);
                if (dialog instanceof OperationDialog d) {
                    return d;
                }
            }
        }
        throw new AssertionError("no operation dialog is open");
    }

    private static void writePng(WritableImage image, String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        var buffered = new BufferedImage((int) image.getWidth(), (int) image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < buffered.getHeight(); y++) {
            for (int x = 0; x < buffered.getWidth(); x++) {
                buffered.setRGB(x, y, image.getPixelReader().getArgb(x, y));
            }
        }
        ImageIO.write(buffered, "png", dir.resolve(name).toFile());
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    private static void waitFor(Callable<Boolean> condition, String what) throws Exception {
        waitFor(condition, what, () -> "");
    }

    private static void waitFor(Callable<Boolean> condition, String what, Callable<String> shown) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what + "; on screen: " + onFx(shown), e);
        }
    }
}

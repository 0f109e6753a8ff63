package io.headroom.app;

import static io.headroom.app.ConsoleExtension.onFx;
import static io.headroom.app.ConsoleExtension.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.SchedulerState;
import io.headroom.views.Screenshots;
import io.headroom.views.operations.OperationDialog;
import io.headroom.views.operations.OperationRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A technician drains a server from its page: the dialog shows the agent's dry-run plan,
 * takes a reason, and closes once the outbox has the operation; the outbox sends it over
 * gRPC to the (embedded, simulated) agent; the node turns draining, and the operations page
 * and its CSV export show who did what and why.
 */
class OperationsEndToEndTest {

    @RegisterExtension
    final ConsoleExtension console = ConsoleExtension.onSimulatedFleet(512);

    @TempDir
    Path exports;

    @Test
    void aDrainGoesFromTheDialogThroughTheOutboxToTheAgentAndIntoTheAuditLog() throws Exception {
        ConsoleApp app = console.app();
        waitFor("the simulated inventory", () -> app.live().fleet().layout().nodeCount() == 64);
        waitFor(
                "the agent that reports node 5",
                () -> app.live()
                        .client()
                        .channelFor(app.live().fleet().layout().node(5).hostname())
                        .isPresent());
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
        OperationDialog dialog = onFx(ConsoleExtension::openDialog);
        waitFor(
                "the dry-run plan",
                () -> dialog.form().lookup("#operation-plan") instanceof TextArea plan
                        && plan.getText().contains("scontrol update NodeName=" + host + " State=DRAIN"),
                () -> ((javafx.scene.control.Label) dialog.form().lookup("#operation-plan-status")).getText());
        assertThat(onFx(() -> dialog.getDialogPane()
                        .lookupButton(dialog.getDialogPane().getButtonTypes().getFirst())
                        .isDisabled()))
                .as("no reason yet")
                .isTrue();
        onFx(() -> {
            ((TextArea) dialog.form().lookup("#operation-reason")).setText("replace GPU 3 after XID 79, OPS-1234");
            return null;
        });
        Screenshots.write(onFx(() -> dialog.getDialogPane().snapshot(null, null)), "operation-dialog.png");
        onFx(() -> {
            ((Button) dialog.getDialogPane().lookup("#operation-queue")).fire();
            return null;
        });
        waitFor("the dialog to close once the outbox has the drain", () -> !dialog.isShowing());

        waitFor("the outbox to deliver the drain", () -> delivered(host));
        waitFor("the node to show draining", () -> {
            var telemetry = app.live().fleet().current();
            int node = telemetry.layout().nodeIndex(host);
            SchedulerState now = telemetry.layout().node(node).schedulerState();
            return now == SchedulerState.DRAINING || now == SchedulerState.DRAINED;
        });

        var operations = onFx(() -> {
            app.view().showTab(4);
            var page = app.view().operations();
            page.refresh();
            return page;
        });
        waitFor(
                "the audit log on the operations page",
                () -> operations.lookup("#audit-table") instanceof javafx.scene.control.TableView<?> table
                        && !table.getItems().isEmpty());
        onFx(() -> {
            operations.verifyAudit();
            return null;
        });
        waitFor(
                "the page to say the audit trail verifies",
                () -> operations.auditVerdictText().matches("Audit trail verifies \\([1-9]\\d* entries\\)"),
                operations::auditVerdictText);
        Screenshots.write(onFx(() -> app.view().getScene().snapshot(null)), "operations-page.png");

        Path csv = exports.resolve("audit.csv");
        onFx(() -> {
            operations.export(csv);
            return null;
        });
        waitFor("the CSV export", () -> operations.statusText().startsWith("Exported"));
        String exported = Files.readString(csv, StandardCharsets.UTF_8);
        assertThat(exported)
                .contains(host)
                .contains("drain")
                .contains("replace GPU 3 after XID 79, OPS-1234")
                .contains(ConsoleIdentity.operator());
    }

    @Test
    void aWholeRackIsDrainedWithOneReasonAsOneOperationPerServer() throws Exception {
        ConsoleApp app = console.app();
        waitFor("the simulated inventory", () -> app.live().fleet().layout().nodeCount() == 64);
        var layout = app.live().fleet().layout();
        String rack = layout.node(9).rackId();
        List<String> hosts = layout.inventory().nodes().stream()
                .filter(n -> n.rackId().equals(rack))
                .map(io.headroom.core.fleet.Node::hostname)
                .toList();
        waitFor(
                "the agent of the rack",
                () -> hosts.stream()
                        .allMatch(h -> app.live().client().channelFor(h).isPresent()));

        onFx(() -> {
            app.view().openNode(9);
            var actions = (javafx.scene.layout.HBox) app.view().lookup("#rack-actions");
            Button drainRack = (Button) actions.getChildren().getFirst();
            assertThat(drainRack.getText()).isEqualTo("Drain rack " + rack + " (" + hosts.size() + " servers)");
            app.view().showTab(1);
            return null;
        });
        waitFor("the racks page's first frame", () -> app.view().lookup("#hall-0") != null);
        Screenshots.write(onFx(() -> app.view().getScene().snapshot(null)), "racks-page-actions.png");
        onFx(() -> {
            ((Button) ((javafx.scene.layout.HBox) app.view().lookup("#rack-actions"))
                            .getChildren()
                            .getFirst())
                    .fire();
            return null;
        });
        OperationDialog dialog = onFx(ConsoleExtension::openDialog);
        waitFor(
                "one planned command per server",
                () -> ((TextArea) dialog.form().lookup("#operation-plan"))
                                .getText()
                                .lines()
                                .count()
                        == hosts.size());
        Screenshots.write(onFx(() -> dialog.getDialogPane().snapshot(null, null)), "rack-drain-dialog.png");
        onFx(() -> {
            ((TextArea) dialog.form().lookup("#operation-reason")).setText("rack PDU swap");
            ((Button) dialog.getDialogPane().lookup("#operation-queue")).fire();
            return null;
        });
        waitFor("the dialog to close once every drain is queued", () -> !dialog.isShowing());
        waitFor(
                "a delivered drain for every server of the rack",
                () -> hosts.stream().allMatch(h -> {
                    try {
                        return delivered(h);
                    } catch (Exception e) {
                        return false;
                    }
                }));
        assertThat(app.live().operations().recentOperations(50).get().stream()
                        .filter(r -> hosts.contains(r.hostname()) && r.reason().equals("rack PDU swap")))
                .hasSize(hosts.size());
    }

    private boolean delivered(String host) throws Exception {
        List<OperationRow> rows =
                console.live().operations().recentOperations(10).get(5, TimeUnit.SECONDS);
        return rows.stream()
                .anyMatch(r -> r.hostname().equals(host) && r.state().equals("DELIVERED"));
    }
}

package io.headroom.views.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.Screenshots;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Operations page on a headless stage: the outbox in words with its counts, a row picked
 * with the keyboard read whole in the detail pane, and retry and dismiss only for an operation
 * that waits for a decision.
 */
@ExtendWith(ApplicationExtension.class)
class OperationsViewTest {

    private final OperationsScenario.Desk desk = new OperationsScenario.Desk();
    private OperationsView view;

    @Start
    void start(Stage stage) {
        view = new OperationsView(new Messages(Locale.US), desk, Clock.fixed(OperationsScenario.NOW, ZoneOffset.UTC));
        var scene = new Scene(view, 1280, 800);
        scene.getStylesheets().setAll(Theme.LAPTOP_LIGHT.stylesheet());
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void theOutboxReadsInWordsWithItsCounts(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#operations-counts").queryAs(Label.class).getText())
                .isEqualTo("2 waiting to be sent \u00b7 2 need your decision");
        TableView<OperationLine> table = robot.lookup("#operations-table").queryTableView();
        assertThat(table.getItems()).hasSize(OperationsScenario.ROWS.size());
        assertThat(robot.lookup(".table-row-cell").queryAll().stream()
                        .anyMatch(row -> row.getPseudoClassStates().stream()
                                .anyMatch(p -> p.getPseudoClassName().equals("needs-you"))))
                .as("a conflict is marked on its row")
                .isTrue();
        TableView<AuditLine> audit = robot.lookup("#audit-table").queryTableView();
        assertThat(audit.getItems()).extracting(AuditLine::result).contains("Silenced", "Done");
    }

    @Test
    void aRowPickedWithTheKeyboardIsReadWholeAndDecidedOn(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Button retry = robot.lookup("#operations-retry").queryButton();
        Button dismiss = robot.lookup("#operations-dismiss").queryButton();
        assertThat(retry.isDisabled()).as("nothing picked").isTrue();

        robot.interact(() -> robot.lookup("#operations-table").query().requestFocus());
        robot.type(KeyCode.HOME);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.detailText()).contains(OperationsScenario.CONFLICT_ANSWER);
        assertThat(retry.isDisabled()).isFalse();

        robot.type(KeyCode.DOWN).type(KeyCode.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.detailText()).contains("Reassign \u00b7 GPU 0, 1").contains("in 40 s");
        assertThat(retry.isDisabled())
                .as("a queued operation is the outbox's to send")
                .isTrue();
        assertThat(dismiss.isDisabled()).isTrue();

        robot.type(KeyCode.UP);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(dismiss::fire);
        robot.type(KeyCode.UP);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(retry::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(desk.dismissed).containsExactly("k-rejected");
        assertThat(desk.retried).containsExactly("k-conflict");
    }

    @Test
    void anAuditEntryPickedReplacesTheOperationInTheDetail(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        TableView<OperationLine> table = robot.lookup("#operations-table").queryTableView();
        TableView<AuditLine> audit = robot.lookup("#audit-table").queryTableView();
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.interact(() -> audit.getSelectionModel().select(1));
        assertThat(table.getSelectionModel().getSelectedItem()).isNull();
        assertThat(view.detailText()).contains("Silence incident").contains("until 2026-12-06T09:00:00Z");
        robot.interact(() -> audit.getSelectionModel().clearSelection());
        assertThat(view.detailText()).isEmpty();
    }

    @Test
    void theSearchNarrowsBothLists(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#operations-search").write("gpu-h1-a01");
        WaitForAsyncUtils.waitForFxEvents();
        TableView<OperationLine> table = robot.lookup("#operations-table").queryTableView();
        TableView<AuditLine> audit = robot.lookup("#audit-table").queryTableView();
        assertThat(table.getItems()).extracting(OperationLine::key).containsExactly("k-delivered");
        assertThat(audit.getItems()).extracting(a -> a.row().seq()).containsExactly(6L);
    }

    @Test
    void aPickedLineStaysPickedWhenTheDeskIsReadAgain(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        TableView<OperationLine> table = robot.lookup("#operations-table").queryTableView();
        robot.interact(() -> table.getSelectionModel().select(2));
        WaitForAsyncUtils.asyncFx(view::refresh).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getSelectionModel().getSelectedItem().key()).isEqualTo("k-queued");
        assertThat(view.detailText()).contains("Reassign");
    }

    @Test
    void snapshot(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        TableView<OperationLine> table = robot.lookup("#operations-table").queryTableView();
        robot.interact(() -> table.getSelectionModel().select(0));
        Screenshots.write(
                WaitForAsyncUtils.asyncFx(() -> view.getScene().snapshot(null)).get(20, TimeUnit.SECONDS),
                "operations-view-laptop-light.png");
    }
}

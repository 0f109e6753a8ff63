package io.headroom.views.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import io.headroom.core.operation.OperationAction;
import io.headroom.core.operation.OperationOutcome;
import io.headroom.core.operation.OperationStatus;
import io.headroom.core.operation.PendingOperation;
import io.headroom.views.Messages;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The re-slice form on screen: a layout typed into the combo box is checked against the MIG
 * table as it is typed, the plan asked with the button shows in the plan box, and the
 * operation is queued with the reason typed. The rules themselves: {@link OperationFormViewModelTest}.
 */
@ExtendWith(ApplicationExtension.class)
class OperationFormTest {

    private final List<PendingOperation> planned = new CopyOnWriteArrayList<>();
    private final List<PendingOperation> queued = new CopyOnWriteArrayList<>();

    /** A desk that plans whatever it is given and keeps what is queued. */
    private final OperationsDesk desk = new QuietDesk() {

        @Override
        public CompletableFuture<OperationOutcome> plan(PendingOperation op) {
            planned.add(op);
            return CompletableFuture.completedFuture(new OperationOutcome(
                    OperationStatus.PLANNED,
                    "would re-slice",
                    3,
                    false,
                    List.of("nvidia-smi mig -i 1 -cgi 9:0,9:4 -C")));
        }

        @Override
        public CompletableFuture<Void> submit(PendingOperation op) {
            queued.add(op);
            return CompletableFuture.completedFuture(null);
        }
    };

    private OperationForm form;

    @Start
    void start(Stage stage) {
        var h100 = new Accelerator("GPU-1", Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81_559, 1, true, List.of());
        var l40s = new Accelerator("GPU-0", Vendor.NVIDIA, "NVIDIA L40S", 46_068, 0, false, List.of());
        var node = new Node(
                "gpu-c07", "SN7", "rack-3", 5, 4, "infer", "", SchedulerState.DRAINED, 3, 1000, List.of(l40s, h100));
        form = new OperationForm(new OperationFormViewModel(
                new Messages(Locale.US),
                desk,
                OperationKind.RESLICE,
                List.of(new OperationTarget(node, 3)),
                "",
                Clock.systemUTC(),
                Platform::runLater));
        stage.setScene(new javafx.scene.Scene(form, 640, 480));
        stage.show();
    }

    @SuppressWarnings("unchecked")
    @Test
    void aBadLayoutIsExplainedAndAGoodOneIsQueuedWithItsReason() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
                    assertThat(((ComboBox<Integer>) form.lookup("#operation-gpu")).getItems())
                            .as("only GPUs with a MIG table")
                            .containsExactly(1);
                    ((ComboBox<String>) form.lookup("#operation-layout"))
                            .getEditor()
                            .setText("9@2");
                    assertThat(((Label) form.lookup("#operation-details-problem")).getText())
                            .isEqualTo("profile 9 (3g.40gb) cannot start at memory slice 2; it can start at 0, 4");
                    ((ComboBox<String>) form.lookup("#operation-layout"))
                            .getEditor()
                            .setText("9@0, 9@4");
                    ((TextArea) form.lookup("#operation-reason")).setText("two halves for startup inference");
                    assertThat(((Label) form.lookup("#operation-details-problem")).getText())
                            .isEmpty();
                    ((javafx.scene.control.Button) form.lookup("#operation-ask-plan")).fire();
                })
                .get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(planned)
                .singleElement()
                .extracting(PendingOperation::action)
                .isEqualTo(new OperationAction.Reslice(
                        1, List.of(new OperationAction.SliceRequest(9, 0), new OperationAction.SliceRequest(9, 4))));
        assertThat(WaitForAsyncUtils.asyncFx(() -> ((TextArea) form.lookup("#operation-plan")).getText())
                        .get())
                .isEqualTo("nvidia-smi mig -i 1 -cgi 9:0,9:4 -C");
        assertThat(WaitForAsyncUtils.asyncFx(() -> form.model().readyProperty().get())
                        .get())
                .isTrue();

        // submit() must be called on the FX thread and returns a future, so asyncFx nests it; both are waited on here.
        @SuppressWarnings("FutureReturnValueIgnored")
        CompletableFuture<PendingOperation> saving =
                WaitForAsyncUtils.asyncFx(() -> form.model().submit()).get();
        saving.get(5, TimeUnit.SECONDS);
        assertThat(queued).singleElement().satisfies(op -> {
            assertThat(op.reason()).isEqualTo("two halves for startup inference");
            assertThat(op.expectedGeneration()).isEqualTo(3);
            assertThat(op.requester()).isEqualTo("tech@hall-2");
            assertThat(op.idempotencyKey()).isNotEqualTo(planned.getFirst().idempotencyKey());
        });
    }
}

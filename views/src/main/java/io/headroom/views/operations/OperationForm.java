package io.headroom.views.operations;

import io.headroom.views.Messages;
import java.util.function.Consumer;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The body of an operation dialog: the details its {@link OperationFormViewModel} asks for
 * (pool and tenant, or a GPU and its MIG layout), the agent's dry-run plan, and the reason.
 * What the operator types is bound to the view model, and the plan and status lines follow it;
 * what the fields mean, and when the operation can be queued, is the view model's.
 */
public final class OperationForm extends VBox {

    private final OperationFormViewModel model;
    private final Messages messages;

    public OperationForm(OperationFormViewModel model) {
        this.model = model;
        this.messages = model.messages();
        getStyleClass().add("hr-operation-form");
        setSpacing(8);
        var title = new Label(model.title());
        title.getStyleClass().add("hr-operation-title");
        var facts = new Label(model.facts());
        facts.setWrapText(model.forSeveralServers());
        getChildren().addAll(title, facts);
        addDetails();
        var detailsProblem = label("operation-details-problem", model.detailsProblemProperty());
        detailsProblem.getStyleClass().add("hr-operation-problem");
        var askPlan = new Button(messages.get("operation.plan.ask"));
        askPlan.setId("operation-ask-plan");
        askPlan.setOnAction(e -> model.askForPlan());
        var plan = new TextArea();
        plan.setId("operation-plan");
        plan.setEditable(false);
        plan.setPrefRowCount(5);
        plan.getStyleClass().add("hr-operation-plan");
        show(model.planProperty(), plan::setText);
        var reason = new TextArea();
        reason.setId("operation-reason");
        reason.setPromptText(messages.get("operation.reason.prompt"));
        reason.setPrefRowCount(2);
        reason.setWrapText(true);
        reason.textProperty().bindBidirectional(model.reasonProperty());
        getChildren()
                .addAll(
                        detailsProblem,
                        new HBox(8, new Label(messages.get("operation.plan.caption")), askPlan),
                        label("operation-plan-status", model.planStatusProperty()),
                        plan,
                        new Label(messages.get("operation.reason.caption")),
                        reason,
                        label("operation-save-status", model.saveStatusProperty()));
    }

    public OperationFormViewModel model() {
        return model;
    }

    private static Label label(String id, ObservableValue<String> text) {
        var label = new Label();
        label.setId(id);
        label.setWrapText(true);
        show(text, label::setText);
        return label;
    }

    /**
     * Copies the text in as it changes rather than binding it: a bound control takes its text
     * lazily, and the plan box then came out taller, with the dialog around it, than when the
     * form set its text itself as each answer arrived.
     */
    private static void show(ObservableValue<String> text, Consumer<String> into) {
        into.accept(text.getValue());
        text.subscribe((before, now) -> into.accept(now));
    }

    private void addDetails() {
        if (model.kind() == OperationKind.REASSIGN) {
            var pool = new TextField();
            pool.setId("operation-pool");
            pool.setPromptText(model.node().pool());
            pool.textProperty().bindBidirectional(model.poolProperty());
            var tenant = new TextField();
            tenant.setId("operation-tenant");
            tenant.setPromptText(model.node().tenant());
            tenant.textProperty().bindBidirectional(model.tenantProperty());
            var grid = new GridPane(8, 6);
            grid.addRow(0, new Label(messages.get("operation.reassign.pool")), pool);
            grid.addRow(1, new Label(messages.get("operation.reassign.tenant")), tenant);
            getChildren().add(grid);
        } else if (model.kind() == OperationKind.RESLICE) {
            var gpu = new ComboBox<Integer>();
            gpu.setId("operation-gpu");
            gpu.getItems().setAll(model.sliceableGpus());
            gpu.valueProperty().bindBidirectional(model.gpuProperty());
            var layout = new ComboBox<String>();
            layout.setId("operation-layout");
            layout.setEditable(true);
            layout.getItems().setAll(ResliceLayouts.PRESETS);
            layout.setValue(model.layoutProperty().get());
            layout.setPrefWidth(360);
            // The editor holds what is typed before the combo box commits it as its value.
            Runnable typed = () -> {
                String text = layout.getEditor().getText();
                model.layoutProperty().set(text == null || text.isBlank() ? layout.getValue() : text);
            };
            layout.valueProperty().subscribe(value -> typed.run());
            layout.getEditor().textProperty().subscribe(text -> typed.run());
            var grid = new GridPane(8, 6);
            grid.addRow(0, new Label(messages.get("operation.reslice.gpu")), gpu);
            grid.addRow(1, new Label(messages.get("operation.reslice.layout")), layout);
            getChildren().add(grid);
        }
    }
}

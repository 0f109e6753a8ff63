package io.headroom.views.holders;

import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.workload.ComputeProcess;
import io.headroom.core.workload.Holding;
import io.headroom.core.workload.Workload;
import io.headroom.views.Messages;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The workload picked on the Idle holders page: who and what it is, each GPU it holds live
 * (state, utilisation, memory, idle for), and its processes. FX thread.
 */
final class HolderDetail extends BorderPane {

    private final Messages messages;
    private final IdleClassifier classifier;
    private final ZoneId zone;
    private final Label title = new Label();
    private final GridPane facts = new GridPane();
    private final TableView<HeldGpuRow> gpus = new TableView<>();
    private final TableView<ComputeProcess> processes = new TableView<>();
    private Workload shown;

    HolderDetail(Messages messages, IdleClassifier classifier, ZoneId zone) {
        this.messages = messages;
        this.classifier = classifier;
        this.zone = zone;
        getStyleClass().add("hr-holder-detail");
        setId("holder-detail");
        title.getStyleClass().add("hr-view-title");
        title.setWrapText(true);
        facts.getStyleClass().add("hr-holder-facts");
        facts.setHgap(12);
        facts.setVgap(4);
        gpus.setId("holder-gpus");
        gpus.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        io.headroom.views.WholeHeaders.keep(gpus);
        gpus.setPlaceholder(new Label(messages.get("holders.detail.no-gpus")));
        gpus.getColumns()
                .setAll(List.of(
                        column(messages.get("holders.detail.gpu"), 200, HeldGpuRow::gpuProperty),
                        column(messages.get("holders.detail.state"), 90, HeldGpuRow::stateProperty),
                        column(messages.get("holders.detail.utilization"), 70, HeldGpuRow::utilizationProperty),
                        column(messages.get("holders.detail.memory"), 110, HeldGpuRow::memoryProperty),
                        column(messages.get("holders.detail.idle-for"), 70, HeldGpuRow::idleForProperty)));
        processes.setId("holder-processes");
        processes.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        io.headroom.views.WholeHeaders.keep(processes);
        processes.setPlaceholder(new Label(messages.get("holders.detail.no-processes")));
        processes
                .getColumns()
                .setAll(List.of(
                        text(
                                messages.get("holders.detail.gpu"),
                                160,
                                p -> new Holding(p.hostname(), p.gpuIndex(), p.gpuInstanceId()).toString()),
                        text(messages.get("holders.detail.pid"), 70, p -> Long.toString(p.pid())),
                        text(messages.get("holders.detail.process"), 140, ComputeProcess::processName),
                        text(messages.get("holders.detail.user"), 80, p -> HolderText.orNone(messages, p.user())),
                        text(
                                messages.get("holders.detail.memory"),
                                90,
                                p -> Float.isNaN(p.memoryUsedMib())
                                        ? messages.get("value.none")
                                        : messages.format(
                                                "holders.detail.mib", messages.integer((long) p.memoryUsedMib())))));
        Label gpusHeading = heading("holders.detail.gpus");
        Label processesHeading = heading("holders.detail.processes");
        // Facts, then its GPUs, then its processes, side by side under the title.
        VBox.setVgrow(gpus, Priority.ALWAYS);
        VBox.setVgrow(processes, Priority.ALWAYS);
        var gpuColumn = new VBox(gpusHeading, gpus);
        var processColumn = new VBox(processesHeading, processes);
        HBox.setHgrow(gpuColumn, Priority.ALWAYS);
        HBox.setHgrow(processColumn, Priority.ALWAYS);
        gpuColumn.setPrefWidth(640);
        processColumn.setPrefWidth(480);
        var columns = new HBox(16, facts, gpuColumn, processColumn);
        setTop(title);
        setCenter(columns);
        showNothing();
    }

    private Label heading(String key) {
        Label label = new Label(messages.get(key));
        label.getStyleClass().add("hr-holder-heading");
        return label;
    }

    void showNothing() {
        shown = null;
        title.setText(messages.get("holders.detail.pick"));
        facts.getChildren().clear();
        gpus.getItems().clear();
        processes.getItems().clear();
    }

    /** Shows this workload, or only refreshes its GPUs' figures when it is the one shown and unchanged. */
    void show(Workload workload, FleetTelemetry telemetry, long nowMillis) {
        if (!workload.equals(shown)) {
            shown = workload;
            title.setText(HolderText.job(messages, workload));
            fillFacts(workload);
            gpus.getItems()
                    .setAll(workload.holdings().stream().map(HeldGpuRow::new).toList());
            processes.getItems().setAll(workload.processes());
        }
        for (HeldGpuRow row : gpus.getItems()) {
            row.refresh(messages, telemetry, classifier, nowMillis);
        }
    }

    Workload shown() {
        return shown;
    }

    private void fillFacts(Workload w) {
        facts.getChildren().clear();
        var when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT)
                .withLocale(messages.locale())
                .withZone(zone);
        String none = messages.get("value.none");
        fact(0, "holders.column.user", HolderText.orNone(messages, w.user()));
        fact(1, "holders.column.account", HolderText.account(messages, w));
        fact(2, "holders.column.pool", HolderText.orNone(messages, w.pool()));
        fact(3, "holders.detail.qos", HolderText.orNone(messages, w.qos()));
        fact(4, "holders.detail.owner", w.ownerKind().isEmpty() ? none : w.ownerKind() + " " + w.ownerName());
        fact(5, "holders.detail.started", w.startedAt().map(when::format).orElse(none));
        fact(
                6,
                "holders.detail.limit",
                w.timeLimit().map(limit -> messages.age(limit.toMillis())).orElse(none));
        fact(7, "holders.detail.id", w.id());
    }

    private void fact(int row, String key, String value) {
        Label name = new Label(messages.get(key));
        name.getStyleClass().add("hr-fact-name");
        Label text = new Label(value);
        text.getStyleClass().add("hr-fact-value");
        facts.addRow(row, name, text);
    }

    private static TableColumn<HeldGpuRow, String> column(
            String title, double width, Function<HeldGpuRow, ObservableValue<String>> value) {
        TableColumn<HeldGpuRow, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setSortable(false);
        column.setCellValueFactory(features -> value.apply(features.getValue()));
        return column;
    }

    private static TableColumn<ComputeProcess, String> text(
            String title, double width, Function<ComputeProcess, String> value) {
        TableColumn<ComputeProcess, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setSortable(false);
        column.setCellValueFactory(features -> new ReadOnlyStringWrapper(value.apply(features.getValue())));
        return column;
    }
}

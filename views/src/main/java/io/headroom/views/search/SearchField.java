package io.headroom.views.search;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.search.FleetSearch;
import io.headroom.core.search.SearchHit;
import io.headroom.views.Messages;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.geometry.Bounds;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Popup;

/**
 * A search box for hostnames, serials, GPU UUIDs and rack positions, with the matches in a
 * list under it. Up and down move through the list, Enter goes to the chosen match (the
 * first when none is chosen), Escape closes it. The index is built on the first keystroke
 * after the inventory changed, never per keystroke.
 */
public final class SearchField extends HBox {

    static final int MAX_HITS = 12;

    private final FleetState fleet;
    private final Messages messages;
    private final TextField field = new TextField();
    private final ListView<SearchHit> list = new ListView<>();
    private final Popup popup = new Popup();
    private FleetSearch search;
    private Consumer<SearchHit> onHit = hit -> {};
    private io.headroom.core.workload.FleetWorkloads workloads;

    public SearchField(FleetState fleet, Messages messages) {
        this.fleet = fleet;
        this.messages = messages;
        getStyleClass().add("hr-search");
        field.setId("search-field");
        field.setPromptText(messages.get("search.prompt"));
        field.getStyleClass().add("hr-search-field");
        HBox.setHgrow(field, Priority.ALWAYS);
        getChildren().add(field);

        list.setId("search-hits");
        list.getStyleClass().add("hr-search-hits");
        list.setCellFactory(view -> new HitCell());
        // The popup gets the owner window's keys first; a focusable list would swallow Enter.
        // Without focus in the popup they come back to the field, whose filter drives the list.
        list.setFocusTraversable(false);
        list.setOnMouseClicked(event -> {
            if (event.getButton() == MouseButton.PRIMARY
                    && list.getSelectionModel().getSelectedItem() != null) {
                choose(list.getSelectionModel().getSelectedItem());
            }
        });
        popup.getContent().add(list);
        popup.setAutoHide(true);
        field.textProperty().subscribe(this::query);
        field.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
    }

    /** Who holds the GPUs: jobs, pods, users, accounts and namespaces are found too. FX thread. */
    public void setWorkloads(io.headroom.core.workload.FleetWorkloads workloads) {
        this.workloads = workloads;
    }

    /** Told where to go when the operator picks a match. FX thread. */
    public void setOnHit(Consumer<SearchHit> onHit) {
        this.onHit = Objects.requireNonNull(onHit);
    }

    public TextField field() {
        return field;
    }

    /** The matches shown now; for tests. */
    public List<SearchHit> hits() {
        return List.copyOf(list.getItems());
    }

    /** The index searched now; for tests that it is built once per layout. */
    FleetSearch index() {
        return search;
    }

    /** The list under the field, which lives in its own popup window. */
    public ListView<SearchHit> hitList() {
        return list;
    }

    private void query(String text) {
        FleetLayout layout = fleet.layout();
        if (search == null || search.layout() != layout) {
            search = new FleetSearch(layout);
        }
        List<SearchHit> found = search.find(text, MAX_HITS);
        if (workloads != null && found.size() < MAX_HITS) {
            found = new java.util.ArrayList<>(found);
            found.addAll(io.headroom.core.search.WorkloadSearch.find(workloads, layout, text, MAX_HITS - found.size()));
        }
        list.getItems().setAll(found);
        double row = Math.ceil(field.getFont().getSize() * 2.2);
        list.setFixedCellSize(row);
        list.setPrefHeight(Math.min(found.size(), 8) * row + 4);
        if (found.isEmpty() || getScene() == null || getScene().getWindow() == null) {
            popup.hide();
            return;
        }
        list.setPrefWidth(Math.max(field.getWidth(), 30 * field.getFont().getSize()));
        Bounds bounds = field.localToScreen(field.getBoundsInLocal());
        if (bounds != null) {
            // Under the field, but moved left as far as needed to end inside the window's right edge.
            var scene = getScene();
            double left = scene.getWindow().getX() + scene.getX();
            double x = Math.max(left, Math.min(bounds.getMinX(), left + scene.getWidth() - list.getPrefWidth()));
            if (popup.isShowing()) {
                popup.setX(x);
            } else {
                popup.show(field, x, bounds.getMaxY() + 2);
            }
            double past = popup.getX() + popup.getWidth() - (left + scene.getWidth()); // its own insets included
            if (past > 0) {
                popup.setX(Math.max(left, popup.getX() - past));
            }
        }
    }

    private void key(KeyEvent event) {
        switch (event.getCode()) {
            case DOWN, UP -> {
                int size = list.getItems().size();
                if (size > 0) {
                    int at = list.getSelectionModel().getSelectedIndex();
                    int next = event.getCode() == KeyCode.DOWN ? Math.min(size - 1, at + 1) : Math.max(0, at - 1);
                    list.getSelectionModel().select(next);
                    list.scrollTo(next);
                }
                event.consume();
            }
            case ENTER -> {
                SearchHit chosen = list.getSelectionModel().getSelectedItem();
                if (chosen == null && !list.getItems().isEmpty()) {
                    chosen = list.getItems().getFirst();
                }
                if (chosen != null) {
                    choose(chosen);
                }
                event.consume();
            }
            case ESCAPE -> popup.hide();
            default -> {}
        }
    }

    private void choose(SearchHit hit) {
        popup.hide();
        onHit.accept(hit);
    }

    /** A match: its name, and in smaller type what it is ("serial of gpu-h1-a03-n5"). */
    private final class HitCell extends ListCell<SearchHit> {
        private final Label name = new Label();
        private final Label what = new Label();
        private final HBox line = new HBox(name, new Region(), what);

        HitCell() {
            name.getStyleClass().add("hr-search-hit-name");
            what.getStyleClass().add("hr-search-hit-kind");
            HBox.setHgrow(line.getChildren().get(1), Priority.ALWAYS);
            line.getStyleClass().add("hr-search-hit");
        }

        @Override
        protected void updateItem(SearchHit hit, boolean empty) {
            super.updateItem(hit, empty);
            if (empty || hit == null) {
                setGraphic(null);
                return;
            }
            name.setText(hit.text());
            what.setText(describe(hit));
            setGraphic(line);
        }
    }

    String describe(SearchHit hit) {
        FleetLayout layout = search.layout();
        String host = hit.nodeIndex() == FleetLayout.NONE
                ? ""
                : layout.node(hit.nodeIndex()).hostname();
        return switch (hit.kind()) {
            case HOSTNAME ->
                hit.rackIndex() == FleetLayout.NONE
                        ? messages.get("search.kind.hostname")
                        : messages.format(
                                "search.kind.hostname-in",
                                layout.rack(hit.rackIndex()).id(),
                                layout.node(hit.nodeIndex()).uPosition());
            case SERIAL -> messages.format("search.kind.serial", host);
            case GPU_UUID -> messages.format("search.kind.uuid", layout.describe(hit.slot()));
            case RACK ->
                messages.format("search.kind.rack", layout.rack(hit.rackIndex()).row());
            case RACK_UNIT -> host.isEmpty() ? messages.get("search.kind.unit-empty") : host;
            case WORKLOAD ->
                host.isEmpty()
                        ? messages.get("search.kind.workload-elsewhere")
                        : messages.format("search.kind.workload", host);
        };
    }
}

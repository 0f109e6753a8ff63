package io.headroom.views.connection;

import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The strip along the top of the console that says whether what is shown is live:
 * a coloured status pill, agents reachable out of configured, the age of the newest data,
 * and the first unreachable agent with its error and next retry (all of them in the
 * tooltip). On a wall there is nobody to hover, so the first failure is always in view.
 */
public final class ConnectionBar extends HBox {

    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");

    private final ConnectionBarViewModel model;
    private final Label historyFill = new Label();

    public ConnectionBar(ConnectionBarViewModel model) {
        this.model = model;
        getStyleClass().add("hr-connection-bar");

        Label brand = new Label(model.messages().get("app.name"));
        brand.getStyleClass().add("hr-brand");

        Label pill = new Label();
        pill.setId("link-state");
        pill.getStyleClass().add("hr-link-pill");
        pill.textProperty().bind(model.linkTextProperty());
        model.linkProperty().subscribe(state -> {
            for (LinkState each : LinkState.values()) {
                pill.pseudoClassStateChanged(pseudoClass(each), each == state);
            }
        });

        Label agents = barText("agents", model.agentsTextProperty().getValue());
        agents.textProperty().bind(model.agentsTextProperty());
        Label dataAge = barText("data-age", "");
        dataAge.textProperty().bind(model.dataAgeTextProperty());
        model.dataStaleProperty().subscribe(stale -> dataAge.pseudoClassStateChanged(STALE, stale));

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        Label unreachable = new Label();
        unreachable.setId("unreachable");
        unreachable.getStyleClass().add("hr-unreachable");
        unreachable.textProperty().bind(model.unreachableTextProperty());
        unreachable.setMinWidth(0);
        Tooltip details = new Tooltip();
        details.textProperty().bind(model.unreachableDetailsProperty());
        unreachable.setTooltip(details);

        Label store = new Label();
        store.setId("store-problem");
        store.getStyleClass().add("hr-store-problem");
        store.setMinWidth(0);
        store.textProperty().bind(model.storeTextProperty());
        store.visibleProperty().bind(model.storeTextProperty().isNotEmpty());
        store.managedProperty().bind(store.visibleProperty());
        Tooltip storeDetails = new Tooltip();
        // The store's own full account, then the bar's short line (which the bar may cut short)
        // unless the account already says it word for word.
        storeDetails
                .textProperty()
                .bind(javafx.beans.binding.Bindings.createStringBinding(
                        () -> {
                            String account = model.storeDetailsProperty().get();
                            String line = model.storeTextProperty().get();
                            return account.contains(line) ? account : account + "\n\n" + line;
                        },
                        model.storeDetailsProperty(),
                        model.storeTextProperty()));
        storeDetails.setWrapText(true);
        storeDetails.setMaxWidth(600);
        store.setTooltip(storeDetails);

        // A long store or agent message gives way (ellipsis, full text in its tooltip); the brand,
        // the live/stale pill and the counts never do.
        for (Label fixed : new Label[] {brand, pill, agents, dataAge}) {
            fixed.setMinWidth(Region.USE_PREF_SIZE);
        }
        historyFill.setId("history-fill");
        historyFill.getStyleClass().add("hr-bar-text");
        historyFill.setMinWidth(0);
        Tooltip fillDetails = new Tooltip(); // the whole count when a narrow bar cuts it short
        fillDetails.textProperty().bind(historyFill.textProperty());
        historyFill.setTooltip(fillDetails);
        historyFill.managedProperty().bind(historyFill.visibleProperty());
        historyFill.setVisible(false);
        getChildren().addAll(brand, pill, agents, dataAge, spacer, historyFill, store, unreachable);
    }

    /** "Filling history: 12 of 720 hours" while the console fills its history from the agents; "" hides it. FX thread. */
    public void showHistoryFill(String text) {
        historyFill.setText(text);
        historyFill.setVisible(!text.isEmpty());
    }

    public String historyFillText() {
        return historyFill.isVisible() ? historyFill.getText() : "";
    }

    public ConnectionBarViewModel model() {
        return model;
    }

    static PseudoClass pseudoClass(LinkState state) {
        return PseudoClass.getPseudoClass(state.name().toLowerCase(java.util.Locale.ROOT));
    }

    private static Label barText(String id, String text) {
        Label label = new Label(text);
        label.setId(id);
        label.getStyleClass().add("hr-bar-text");
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }
}

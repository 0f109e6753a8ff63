package io.headroom.views.node;

import io.headroom.core.fleet.Node;
import io.headroom.views.Messages;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The node's particulars in a row of small captioned tiles: serial, where, pool, tenant, scheduler, generation, accelerators (vendor and model). */
final class NodeFacts extends HBox {

    private final Label serial;
    private final Label location;
    private final Label pool;
    private final Label tenant;
    private final Label scheduler;
    private final Label generation;
    private final Label accelerators;

    NodeFacts(Messages messages) {
        getStyleClass().add("hr-node-facts");
        serial = fact(messages, "serial");
        location = fact(messages, "location");
        pool = fact(messages, "pool");
        tenant = fact(messages, "tenant");
        scheduler = fact(messages, "scheduler");
        generation = fact(messages, "generation");
        accelerators = fact(messages, "accelerators");
    }

    void show(NodeDetailViewModel model) {
        Node node = model.node();
        String none = model.messages().get("value.none");
        serial.setText(node == null ? none : node.serial());
        location.setText(node == null ? none : model.location());
        pool.setText(node == null ? none : node.pool());
        tenant.setText(node == null ? none : node.tenant());
        scheduler.setText(node == null ? none : model.scheduler());
        generation.setText(node == null ? none : model.generation());
        accelerators.setText(node == null ? none : model.accelerators());
    }

    private Label fact(Messages messages, String name) {
        Label caption = new Label(messages.get("node.fact." + name));
        caption.getStyleClass().add("hr-figure-caption");
        Label value = new Label(messages.get("value.none"));
        value.setId("node-" + name);
        value.getStyleClass().add("hr-node-fact-value");
        value.setMinWidth(0);
        VBox tile = new VBox(caption, value);
        tile.getStyleClass().addAll("hr-node-fact", "hr-panel");
        tile.setMinWidth(0);
        tile.setPrefWidth(0);
        tile.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(tile, Priority.ALWAYS);
        getChildren().add(tile);
        return value;
    }
}

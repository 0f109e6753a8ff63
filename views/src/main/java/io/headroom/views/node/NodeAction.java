package io.headroom.views.node;

import java.util.List;
import java.util.Objects;
import javafx.scene.control.Button;
import javafx.scene.layout.Pane;

/**
 * Something an operator can do to the shown node (drain, resume, reassign, re-slice), as the
 * app offers it: a button label and what to run, on the FX thread, when it is pressed.
 */
public record NodeAction(String label, Runnable action) {
    public NodeAction {
        Objects.requireNonNull(label);
        Objects.requireNonNull(action);
    }

    /** Puts a button per action in {@code area}, replacing what was there; no action hides the area. */
    public static void offer(Pane area, List<NodeAction> offered) {
        area.getChildren().clear();
        for (NodeAction action : offered) {
            Button button = new Button(action.label());
            button.getStyleClass().add("hr-node-action");
            button.setOnAction(event -> action.action().run());
            area.getChildren().add(button);
        }
        area.setVisible(!offered.isEmpty());
        area.setManaged(!offered.isEmpty());
    }
}

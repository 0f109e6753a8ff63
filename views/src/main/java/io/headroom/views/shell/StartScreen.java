package io.headroom.views.shell;

import io.headroom.views.Messages;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * What the window shows from the moment it opens until the console is ready: the brand and
 * what is being opened, in the theme's colours, so the window appears at once and is never
 * black; and, if the console cannot start, why.
 */
public final class StartScreen extends VBox {

    private final Messages messages;
    private final Label what;

    public StartScreen(Messages messages) {
        this.messages = messages;
        var brand = new Label(messages.get("start.brand"));
        brand.getStyleClass().add("hr-start-brand");
        what = new Label(messages.get("start.opening"));
        what.getStyleClass().add("hr-start-text");
        what.setWrapText(true);
        getChildren().setAll(brand, what);
        getStyleClass().add("hr-start-screen");
        setAlignment(Pos.CENTER);
        setId("start-screen");
    }

    /** The console could not start: says why, in place of "Opening the console". */
    public void showProblem(String problem) {
        what.setText(messages.format("start.failed", problem));
        what.getStyleClass().setAll("label", "hr-start-problem");
    }
}

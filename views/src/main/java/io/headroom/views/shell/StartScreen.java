package io.headroom.views.shell;

import io.headroom.views.Messages;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * What the window shows for the moment between opening and the console being laid out: the
 * brand and what is being opened, in the theme's colours, so the window is never black and
 * appears at once. Replaced by the console on the next frame.
 */
public final class StartScreen extends VBox {

    /** @param cachedGpus GPUs of the fleet the local store kept from an earlier session; 0 for none */
    public StartScreen(Messages messages, int cachedGpus) {
        var brand = new Label(messages.get("start.brand"));
        brand.getStyleClass().add("hr-start-brand");
        var what = new Label(cachedGpus > 0
                ? messages.format("start.opening-cached", messages.integer(cachedGpus))
                : messages.get("start.opening"));
        what.getStyleClass().add("hr-start-text");
        getChildren().setAll(brand, what);
        getStyleClass().add("hr-start-screen");
        setAlignment(Pos.CENTER);
        setId("start-screen");
    }
}

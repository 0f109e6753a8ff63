package io.headroom.views.overview;

import eu.hansolo.tilesfx.Tile;
import javafx.scene.SubScene;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;

/**
 * Holds one tile in a sub-scene of its own. TilesFX sizes its text in code, from the tile's
 * size; inside the console's scene the theme's {@code .root} font size is inherited by those
 * text nodes and wins over the code (a stylesheet value outranks a value set in code), so
 * every tile would print its title, value and caption in the same 20 px. A sub-scene whose
 * root is not {@code .root} does not inherit that font, so the tile keeps its own type. Its
 * user-agent stylesheet is {@code tile-slot.css} instead of Modena, whose rules need the
 * tokens Modena defines on {@code .root} (see that file).
 */
final class TileSlot extends Region {

    private static final String STYLESHEET =
            TileSlot.class.getResource("tile-slot.css").toExternalForm();

    private final Tile tile;
    private final SubScene scene;

    TileSlot(Tile tile) {
        this.tile = tile;
        StackPane root = new StackPane(tile);
        scene = new SubScene(root, 10, 10);
        scene.setFill(Color.TRANSPARENT);
        scene.setUserAgentStylesheet(STYLESHEET);
        root.getStyleClass().setAll("hr-tile-slot"); // not .root: the theme's .root font size stays out
        getChildren().add(scene);
        setId(tile.getId() + "-slot");
        setMinSize(0, 0);
    }

    Tile tile() {
        return tile;
    }

    @Override
    protected void layoutChildren() {
        // TilesFX caps a tile at 1024 x 1024 px; on a 4K wall a cell is taller than that (the
        // leader board's, two rows high, twice as tall) and the tile would sit in its middle.
        if (tile.getMaxWidth() < getWidth() || tile.getMaxHeight() < getHeight()) {
            tile.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        }
        scene.setWidth(snapSizeX(getWidth()));
        scene.setHeight(snapSizeY(getHeight()));
        scene.relocate(0, 0);
    }

    @Override
    protected double computePrefWidth(double height) {
        return 0;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 0;
    }
}

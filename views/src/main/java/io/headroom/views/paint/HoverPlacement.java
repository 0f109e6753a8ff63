package io.headroom.views.paint;

import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/** A canvas view's hover overlay, and where it goes: beside the pointer, never cut off at the edges. */
public final class HoverPlacement {
    private HoverPlacement() {}

    private static final double OFFSET = 16;

    /** The overlay that names what is under the pointer: hidden, unmanaged (placed by {@link #place}), never in the way. */
    public static Label overlay(String id) {
        Label hover = new Label();
        hover.setId(id);
        hover.getStyleClass().add("hr-heatmap-hover");
        hover.setManaged(false);
        hover.setVisible(false);
        hover.setMouseTransparent(true);
        return hover;
    }

    /**
     * Places {@code hover} (an unmanaged child of {@code owner}) beside the pointer at
     * ({@code pointerX}, {@code pointerY}) in canvas coordinates, flipped to the other side
     * near the owner's right or bottom edge.
     */
    public static void place(Region hover, Canvas canvas, Region owner, double pointerX, double pointerY) {
        if (!hover.isVisible()) {
            return;
        }
        hover.autosize();
        double x = canvas.getLayoutX() + pointerX + OFFSET;
        double y = canvas.getLayoutY() + pointerY + OFFSET;
        if (x + hover.getWidth() > owner.getWidth()) {
            x = canvas.getLayoutX() + pointerX - OFFSET - hover.getWidth();
        }
        if (y + hover.getHeight() > owner.getHeight()) {
            y = canvas.getLayoutY() + pointerY - OFFSET - hover.getHeight();
        }
        hover.relocate(Math.max(0, x), Math.max(0, y));
    }
}

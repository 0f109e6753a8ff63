package io.headroom.views.heatmap;

import io.headroom.themes.Palette;
import io.headroom.views.paint.CanvasTheme;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.TextAlignment;

/** The heatmap's canvas before any GPU has reported: it says so, where the floor will be, rather than stay blank. */
final class EmptyFloor {

    private EmptyFloor() {}

    static void draw(Canvas canvas, CanvasTheme theme, String text) {
        double width = canvas.getWidth();
        double height = canvas.getHeight();
        if (width == 0 || height == 0) {
            return;
        }
        GraphicsContext graphics = canvas.getGraphicsContext2D();
        graphics.clearRect(0, 0, width, height);
        graphics.setFill(theme.color(Palette.HEATMAP_BG));
        graphics.fillRect(0, 0, width, height);
        graphics.setFont(theme.headingFont());
        graphics.setFill(theme.color(Palette.FG_MUTED));
        graphics.setTextAlign(TextAlignment.CENTER);
        graphics.setTextBaseline(VPos.CENTER);
        graphics.fillText(text, width / 2, height / 2, width * 0.9);
        graphics.setTextAlign(TextAlignment.LEFT);
    }
}

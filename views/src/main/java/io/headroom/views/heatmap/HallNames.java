package io.headroom.views.heatmap;

import io.headroom.views.Messages;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;

/** Hall names above each hall and row names left of each rack row, so a technician can find the rack. */
final class HallNames {

    private HallNames() {}

    /** Draws the names of the halls in view; (ox, oy) is the plan pixel at the canvas's top left. */
    static void draw(
            GraphicsContext graphics,
            HeatmapGeometry geometry,
            Messages messages,
            Font font,
            Paint fill,
            int ox,
            int oy,
            double width,
            double height) {
        graphics.setFont(font);
        graphics.setFill(fill);
        FloorPlan plan = geometry.plan;
        for (HeatmapGeometry.HallTile tile : geometry.tiles) {
            if (tile.x() - ox > width
                    || tile.y() - oy > height
                    || tile.x() + tile.width() - ox < 0
                    || tile.y() + tile.height() - oy < 0) {
                continue;
            }
            FloorPlan.HallPlan hall = plan.halls.get(tile.hall());
            String name = messages.format("heatmap.hall", hall.name(), messages.integer(hall.gpus()));
            graphics.setTextBaseline(VPos.TOP);
            graphics.fillText(name, tile.x() - ox, tile.y() - oy, Math.max(tile.width(), 1));
            graphics.setTextBaseline(VPos.CENTER);
            for (int line = 0; line < tile.lineNames().length; line++) {
                if (tile.lineNames()[line] != null && geometry.rowNameWidth > 0) {
                    graphics.fillText(
                            tile.lineNames()[line],
                            tile.x() + tile.lineLefts()[line] - ox,
                            tile.y() + tile.lineTops()[line] + geometry.blockHeight / 2.0 - oy,
                            geometry.rowNameWidth);
                }
            }
        }
    }
}

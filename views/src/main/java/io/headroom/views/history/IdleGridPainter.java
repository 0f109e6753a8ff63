package io.headroom.views.history;

import io.headroom.themes.MetricScale;
import io.headroom.themes.Palette;
import io.headroom.views.Messages;
import io.headroom.views.paint.CanvasTheme;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/**
 * Paints an {@link IdleGrid} on a canvas from one pixel buffer: group names down the left,
 * day marks along the top, one cell per group and hour. Cells are whole pixels; with many
 * groups they get thin, and names are drawn only where a row is tall enough to hold one.
 * Hit-testing is arithmetic.
 */
final class IdleGridPainter {

    private static final int MAX_CELL_HEIGHT = 28;

    private final Canvas canvas;
    private final CanvasTheme theme;
    private final Messages messages;
    private final ZoneId zone;
    private final DateTimeFormatter dayFormat;
    private final DateTimeFormatter hourFormat;
    private int[] pixels = new int[0];
    private WritableImage image;
    private IdleGrid grid;
    private int left;
    private int top;
    private int cellWidth;
    private int cellHeight;

    IdleGridPainter(Canvas canvas, CanvasTheme theme, Messages messages, ZoneId zone) {
        this.canvas = canvas;
        this.theme = theme;
        this.messages = messages;
        this.zone = zone;
        this.dayFormat = DateTimeFormatter.ofPattern(messages.get("history.day-format"), messages.locale());
        this.hourFormat = DateTimeFormatter.ofPattern(messages.get("history.hour-format"), messages.locale());
    }

    void paint(IdleGrid grid) {
        this.grid = grid;
        int width = (int) canvas.getWidth();
        int height = (int) canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, width, height);
        if (grid == null || width == 0 || height == 0 || grid.groups().isEmpty()) {
            cellWidth = 0;
            return;
        }
        double font = theme.smallFont().getSize();
        int longest = grid.groups().stream().mapToInt(String::length).max().orElse(0);
        left = (int) Math.min(width * 0.3, Math.ceil(font * 0.62 * longest + font));
        top = (int) Math.ceil(font * 1.8);
        cellWidth = Math.max(1, (width - left) / grid.hours());
        cellHeight = Math.clamp((height - top) / grid.groups().size(), 1, MAX_CELL_HEIGHT);
        int gridWidth = cellWidth * grid.hours();
        int gridHeight = Math.min(height - top, cellHeight * grid.groups().size());
        if (gridWidth <= 0 || gridHeight <= 0) {
            cellWidth = 0;
            return;
        }
        MetricScale scale = theme.scale();
        int none = theme.argb(Palette.RACK_BG);
        if (pixels.length != gridWidth * gridHeight) {
            pixels = new int[gridWidth * gridHeight];
        }
        Arrays.fill(pixels, none);
        // A pixel's gap between cells once they are big enough to spare one.
        int gapX = cellWidth >= 4 ? 1 : 0;
        int gapY = cellHeight >= 4 ? 1 : 0;
        int rows = gridHeight / cellHeight;
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < grid.hours(); column++) {
                double idle = grid.idle(row, column);
                int colour = Double.isNaN(idle) ? none : scale.argb((float) idle, 0, 1);
                int x0 = column * cellWidth;
                for (int y = row * cellHeight, end = y + cellHeight - gapY; y < end; y++) {
                    Arrays.fill(pixels, y * gridWidth + x0, y * gridWidth + x0 + cellWidth - gapX, colour);
                }
            }
        }
        if (image == null || (int) image.getWidth() != gridWidth || (int) image.getHeight() != gridHeight) {
            image = new WritableImage(gridWidth, gridHeight);
        }
        image.getPixelWriter()
                .setPixels(0, 0, gridWidth, gridHeight, PixelFormat.getIntArgbPreInstance(), pixels, 0, gridWidth);
        g.setImageSmoothing(false);
        g.drawImage(image, left, top);
        drawLabels(g, rows, font);
    }

    private void drawLabels(GraphicsContext g, int rows, double font) {
        g.setFont(theme.smallFont());
        g.setFill(theme.color(Palette.FG_MUTED));
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        if (cellHeight >= font * 0.9) {
            for (int row = 0; row < rows; row++) {
                g.fillText(grid.groups().get(row), 0, top + row * cellHeight + cellHeight / 2.0, left - font * 0.4);
            }
        }
        // A mark and a date at each local midnight; every six hours a tick, and noon named, when a day is wide enough.
        g.setTextBaseline(VPos.TOP);
        Color tick = theme.color(Palette.BORDER);
        double dayWidth = 24.0 * cellWidth;
        for (int column = 0; column < grid.hours(); column++) {
            ZonedDateTime at = grid.hourStart(column).atZone(zone);
            double x = left + column * cellWidth;
            if (at.getHour() == 0) {
                g.setFill(theme.color(Palette.FG_MUTED));
                g.fillRect(x, top - font * 0.5, 1, font * 0.5);
                if (dayWidth >= font * 4 || at.getDayOfWeek().getValue() == 1) {
                    g.fillText(dayFormat.format(at), x + 2, 0);
                }
            } else if (at.getHour() % 6 == 0 && dayWidth >= font * 8) {
                g.setFill(tick);
                g.fillRect(x, top - font * 0.3, 1, font * 0.3);
                if (at.getHour() == 12 && dayWidth >= font * 12) {
                    g.fillText(hourFormat.format(at), x + 2, 0);
                }
            }
        }
    }

    /** {row, column} of the cell under a canvas point, or null. */
    int[] cellAt(double x, double y) {
        if (grid == null || cellWidth == 0 || x < left || y < top) {
            return null;
        }
        int column = (int) ((x - left) / cellWidth);
        int row = (int) ((y - top) / cellHeight);
        return column < grid.hours() && row < grid.groups().size() && top + (row + 1) * cellHeight <= canvas.getHeight()
                ? new int[] {row, column}
                : null;
    }

    /** The centre of a cell in canvas pixels, or null. */
    double[] cellCenter(int row, int column) {
        if (grid == null
                || cellWidth == 0
                || row >= grid.groups().size()
                || column >= grid.hours()
                || top + (row + 1) * cellHeight > canvas.getHeight()) {
            return null;
        }
        return new double[] {left + column * cellWidth + cellWidth / 2.0, top + row * cellHeight + cellHeight / 2.0};
    }

    /** "Rack h1-a03 · Tue 3 Mar 14:00–15:00 · 63% idle (12% held idle) · 32 GPUs". */
    String describe(IdleGrid grid, int row, int column) {
        Instant start = grid.hourStart(column);
        String when = dayFormat.format(start.atZone(zone)) + " " + hourFormat.format(start.atZone(zone)) + "\u2013"
                + hourFormat.format(start.plusSeconds(3600).atZone(zone));
        String group = messages.format(
                "history.hover.group",
                messages.get(grid.grouping().nameKey()),
                grid.groups().get(row));
        double idle = grid.idle(row, column);
        String figures = Double.isNaN(idle)
                ? messages.get("history.hover.no-data")
                : messages.format(
                        "history.hover.figures",
                        messages.share(idle),
                        messages.share(grid.held(row, column)),
                        messages.integer(grid.gpus(row, column)));
        return group + "\n" + when + "\n" + figures;
    }
}

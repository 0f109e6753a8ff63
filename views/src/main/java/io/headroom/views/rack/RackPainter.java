package io.headroom.views.rack;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.idle.IdleState;
import io.headroom.themes.Palette;
import io.headroom.views.paint.CanvasTheme;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * Draws the racks of one hall that fall in the viewport: a header per rack (name, inlet air,
 * power against budget with a bar), then the frame with each node where its units are,
 * filled with its dominant GPU state and a strip of its worst one when they differ. Racks
 * that run hot or near their budget are outlined and their offending figure is inverted,
 * so they stand out from across the room. Only lines on screen are drawn.
 */
final class RackPainter {

    static final double LINE = 1.3;
    static final int BAR = 4;

    private final Text measure = new Text();

    void paint(
            GraphicsContext g,
            RackGeometry geometry,
            RackElevationViewModel model,
            CanvasTheme theme,
            double scroll,
            double width,
            double height,
            int hoveredNode,
            int selectedNode,
            java.util.BitSet highlightedNodes) {
        g.setFill(theme.color(Palette.SURFACE));
        g.fillRect(0, 0, width, height);
        for (int line = 0; line < geometry.lineTops.length; line++) {
            double top = geometry.lineTops[line] - scroll;
            if (top > height || top + geometry.lineHeights[line] < 0) {
                continue;
            }
            if (geometry.lineLabels[line] != null) {
                g.setFont(theme.titleFont());
                g.setFill(theme.color(Palette.FG_MUTED));
                g.setTextAlign(TextAlignment.LEFT);
                g.setTextBaseline(VPos.CENTER);
                g.fillText(
                        geometry.lineLabels[line],
                        geometry.originX,
                        top + geometry.lineHeights[line] / 2.0,
                        geometry.metrics.rowLabelWidth());
            }
            for (int rack : geometry.lineRacks[line]) {
                paintRack(g, geometry, model, theme, rack, scroll, hoveredNode, selectedNode, highlightedNodes);
            }
        }
    }

    private void paintRack(
            GraphicsContext g,
            RackGeometry geometry,
            RackElevationViewModel model,
            CanvasTheme theme,
            int rack,
            double scroll,
            int hoveredNode,
            int selectedNode,
            java.util.BitSet highlightedNodes) {
        double x = geometry.rackX[rack];
        double y = geometry.rackY[rack] - scroll;
        double w = geometry.rackWidth;
        double titleLine = Math.ceil(theme.titleFont().getSize() * LINE);
        double textLine = Math.ceil(theme.textFont().getSize() * LINE);

        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFont(theme.titleFont());
        g.setFill(theme.color(Palette.FG));
        g.fillText(geometry.plan.layout.rack(rack).id(), x, y, w * 0.55);
        figure(
                g,
                theme,
                theme.textFont(),
                model.inletText(rack),
                x + w,
                y + (titleLine - textLine) / 2,
                model.isHot(rack),
                true);
        figure(g, theme, theme.textFont(), model.powerText(rack), x, y + titleLine, model.isOverBudget(rack), false);
        // What the rack holds, in its vendor's word ("NPU 910B3", "GPU H100"), right of the power figure where it
        // fits; only the word ("NPU") on a narrow rack; nothing when even that would touch the power figure.
        String kind = fitting(theme.textFont(), model.kindText(rack), model.powerText(rack), w);
        if (!kind.isEmpty()) {
            figure(g, theme, theme.textFont(), kind, x + w, y + titleLine, false, true);
        }

        double barY = y + titleLine + textLine + 1;
        g.setFill(theme.color(Palette.BORDER));
        g.fillRect(x, barY, w, BAR);
        double share = model.budgetShare(rack);
        if (!Double.isNaN(share) && !Float.isNaN(model.powerKw(rack))) {
            g.setFill(theme.color(model.isOverBudget(rack) ? Palette.BAD : Palette.ACCENT));
            g.fillRect(x, barY, w * Math.min(1, Math.max(0, share)), BAR);
        }

        double frameTop = geometry.bodyTop(rack) - RackGeometry.FRAME - scroll;
        double frameHeight = geometry.frameHeight(rack);
        g.setFill(theme.color(Palette.RACK_BG));
        g.fillRect(x, frameTop, w, frameHeight);
        int[] nodeAtU = geometry.plan.nodeAtU[rack];
        for (int u = nodeAtU.length - 1; u >= 1; u--) {
            int node = nodeAtU[u];
            if (node != FleetLayout.NONE && (u == nodeAtU.length - 1 || nodeAtU[u + 1] != node)) {
                paintNode(g, geometry, model, theme, node, scroll, node == hoveredNode, node == selectedNode);
                if (highlightedNodes.get(node)) {
                    outline(g, geometry, theme, node, scroll);
                }
            }
        }
        if (model.isFlagged(rack)) {
            // Around header and frame both, in the gap between racks, so nothing inside is covered.
            g.setStroke(theme.color(Palette.BAD));
            g.setLineWidth(2);
            g.strokeRoundRect(x - 3, y - 3, w + 6, frameTop + frameHeight - y + 6, 6, 6);
        }
    }

    private static void paintNode(
            GraphicsContext g,
            RackGeometry geometry,
            RackElevationViewModel model,
            CanvasTheme theme,
            int node,
            double scroll,
            boolean hovered,
            boolean selected) {
        int[] box = geometry.nodeBox(node);
        double x = box[0];
        double y = box[1] - scroll;
        double w = box[2];
        double h = box[3];
        IdleState dominant = model.dominantState(node);
        IdleState worst = model.worstState(node);
        g.setFill(theme.state(dominant));
        g.fillRect(x, y, w, h);
        if (dominant == IdleState.STALE) {
            hatch(g, theme.color(Palette.STALE_HATCH), x, y, w, h);
        }
        if (worst != dominant) {
            double strip = Math.max(5, Math.round(w / 6));
            g.setFill(theme.color(Palette.RACK_BG));
            g.fillRect(x + w - strip - 1, y, 1, h);
            g.setFill(theme.state(worst));
            g.fillRect(x + w - strip, y, strip, h);
        }
        if (selected || hovered) {
            g.setStroke(theme.color(selected ? Palette.FG : Palette.FG_MUTED));
            g.setLineWidth(selected ? 2 : 1);
            double inset = selected ? 1 : 0.5;
            g.strokeRect(x + inset, y + inset, w - 2 * inset, h - 2 * inset);
        }
    }

    /** A node holding GPUs of the workload picked on the Idle holders page. */
    private static void outline(GraphicsContext g, RackGeometry geometry, CanvasTheme theme, int node, double scroll) {
        int[] box = geometry.nodeBox(node);
        g.setStroke(theme.color(Palette.HIGHLIGHT));
        g.setLineWidth(3);
        g.strokeRect(box[0] + 1.5, box[1] - scroll + 1.5, box[2] - 3, box[3] - 3);
    }

    /** Diagonal stripes, so a node without data never reads as a live state. */
    private static void hatch(GraphicsContext g, Color colour, double x, double y, double w, double h) {
        g.save();
        g.beginPath();
        g.rect(x, y, w, h);
        g.clip();
        g.setStroke(colour);
        g.setLineWidth(1.5);
        for (double d = -h; d < w; d += 5) {
            g.strokeLine(x + d, y + h, x + d + h, y);
        }
        g.restore();
    }

    /** A figure, inverted (theme's alarm colour behind it) when it is the reason its rack is flagged. */
    private String fitting(Font font, String kind, String power, double width) {
        if (kind.isEmpty()) {
            return kind;
        }
        double room = width - textWidth(font, power) - 6;
        if (textWidth(font, kind) <= room) {
            return kind;
        }
        String word = kind.split(" ", 2)[0];
        return textWidth(font, word) <= room ? word : "";
    }

    private double textWidth(Font font, String text) {
        measure.setFont(font);
        measure.setText(text);
        return Math.ceil(measure.getLayoutBounds().getWidth());
    }

    private void figure(
            GraphicsContext g,
            CanvasTheme theme,
            Font font,
            String text,
            double x,
            double y,
            boolean alarm,
            boolean alignRight) {
        g.setFont(font);
        measure.setFont(font);
        measure.setText(text);
        double width = Math.ceil(measure.getLayoutBounds().getWidth());
        double pad = alarm ? 3 : 0;
        // The pill stays inside the rack's width: flush left or flush right, text inset by the padding.
        double pillLeft = alignRight ? x - width - 2 * pad : x;
        if (alarm) {
            g.setFill(theme.color(Palette.BAD));
            g.fillRoundRect(pillLeft, y, width + 2 * pad, Math.ceil(font.getSize() * LINE) - 1, 4, 4);
        }
        double left = pillLeft + pad;
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(theme.color(alarm ? Palette.ON_STATUS : Palette.FG_MUTED));
        g.fillText(text, left, y + font.getSize() * (LINE - 1) / 2);
    }
}

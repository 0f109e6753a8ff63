package io.headroom.views.rack;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FloorOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where every rack of one hall and every node in it lies, in content pixels (before the
 * scroll offset). Rows run left to right and wrap when longer than the width; each rack is
 * a header (name, inlet, power) above a frame of its units, U1 at the bottom as in the room.
 * Pointing is arithmetic over these numbers; nothing here needs the toolkit.
 */
final class RackGeometry {

    /** Sizes in pixels the view derives from the theme's type. */
    record Metrics(
            int rackWidth,
            int maxRackWidth,
            int headerHeight,
            int rackGap,
            int lineGap,
            int rowLabelWidth,
            int minUPx,
            int maxUPx) {}

    /** The frame around a rack's units, and the padding inside it. */
    static final int FRAME = 3;

    final RackPlan plan;
    final int hall;
    final int width;
    final int uPx;
    final int rackWidth;
    /** Where row labels start: the floor is centred in the width its racks leave over. */
    final int originX;

    final Metrics metrics;
    final int[] lineTops;
    final int[] lineHeights;
    final int[][] lineRacks;
    /** The row's label on its first line, null on the lines it wraps onto. */
    final String[] lineLabels;

    final int contentHeight;
    /** By rack index; -1 for racks of other halls. */
    final int[] rackX;

    final int[] rackY;

    private RackGeometry(RackPlan plan, int hall, int width, int uPx, Metrics metrics) {
        this.plan = plan;
        this.hall = hall;
        this.width = width;
        this.uPx = uPx;
        this.metrics = metrics;
        rackX = new int[plan.layout.rackCount()];
        rackY = new int[plan.layout.rackCount()];
        Arrays.fill(rackX, -1);
        Arrays.fill(rackY, -1);
        // Racks widen (up to a limit) to use the width the longest row leaves; text gets room, not gaps.
        int longestRow = plan.halls.get(hall).rows().stream()
                .mapToInt(row -> row.racks().length)
                .max()
                .orElse(1);
        int fill = (width - metrics.rowLabelWidth() + metrics.rackGap()) / longestRow - metrics.rackGap();
        rackWidth = Math.max(metrics.rackWidth(), Math.min(metrics.maxRackWidth(), fill));
        int step = rackWidth + metrics.rackGap();
        int perLine = Math.max(1, (width - metrics.rowLabelWidth() + metrics.rackGap()) / step);
        int used = metrics.rowLabelWidth() + Math.min(perLine, longestRow) * step - metrics.rackGap();
        originX = Math.max(0, (width - used) / 2);
        List<int[]> racks = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> tops = new ArrayList<>();
        List<Integer> heights = new ArrayList<>();
        int y = 0;
        for (FloorOrder.Row row : plan.halls.get(hall).rows()) {
            for (int from = 0; from < row.racks().length; from += perLine) {
                int[] line = Arrays.copyOfRange(row.racks(), from, Math.min(row.racks().length, from + perLine));
                int tallest = 1;
                for (int i = 0; i < line.length; i++) {
                    rackX[line[i]] = originX + metrics.rowLabelWidth() + i * step;
                    rackY[line[i]] = y;
                    tallest = Math.max(tallest, plan.heightU[line[i]]);
                }
                int height = metrics.headerHeight() + 2 * FRAME + tallest * uPx;
                racks.add(line);
                labels.add(from == 0 ? row.label() : null);
                tops.add(y);
                heights.add(height);
                y += height + metrics.lineGap();
            }
        }
        lineRacks = racks.toArray(int[][]::new);
        lineLabels = labels.toArray(String[]::new);
        lineTops = tops.stream().mapToInt(Integer::intValue).toArray();
        lineHeights = heights.stream().mapToInt(Integer::intValue).toArray();
        contentHeight = Math.max(0, y - metrics.lineGap());
    }

    /** The largest units (up to the metric's maximum) that fit the hall in the viewport; the minimum if none do. */
    static RackGeometry fit(RackPlan plan, int hall, int width, int viewportHeight, Metrics metrics) {
        RackGeometry geometry = null;
        for (int uPx = metrics.maxUPx(); uPx >= metrics.minUPx(); uPx--) {
            geometry = new RackGeometry(plan, hall, width, uPx, metrics);
            if (geometry.contentHeight <= viewportHeight) {
                return geometry;
            }
        }
        return geometry;
    }

    int bodyTop(int rack) {
        return rackY[rack] + metrics.headerHeight() + FRAME;
    }

    int frameHeight(int rack) {
        return plan.heightU[rack] * uPx + 2 * FRAME;
    }

    /** {x, y, width, height} of a node's chassis in content pixels, or null when it is not in this hall. */
    int[] nodeBox(int node) {
        int rack = plan.layout.rackOfNode(node);
        if (rack == FleetLayout.NONE || rackX[rack] < 0) {
            return null;
        }
        var chassis = plan.layout.node(node);
        int y = bodyTop(rack) + (plan.heightU[rack] - RackPlan.top(chassis)) * uPx;
        int height = Math.max(1, Math.max(1, chassis.uHeight()) * uPx - 1);
        return new int[] {rackX[rack] + FRAME, y, rackWidth - 2 * FRAME, height};
    }

    /** The rack whose header or frame holds the content point, or {@link FleetLayout#NONE}. */
    int rackAt(double x, double y) {
        int line = lineAt(y);
        double left = originX + metrics.rowLabelWidth();
        if (line < 0 || x < left) {
            return FleetLayout.NONE;
        }
        int step = rackWidth + metrics.rackGap();
        int column = (int) ((x - left) / step);
        if (column >= lineRacks[line].length || x - left - column * step >= rackWidth) {
            return FleetLayout.NONE;
        }
        int rack = lineRacks[line][column];
        return y < bodyTop(rack) - FRAME + frameHeight(rack) ? rack : FleetLayout.NONE;
    }

    /** The node whose chassis holds the content point, or {@link FleetLayout#NONE}. */
    int nodeAt(double x, double y) {
        int rack = rackAt(x, y);
        if (rack == FleetLayout.NONE || y < bodyTop(rack)) {
            return FleetLayout.NONE;
        }
        int u = plan.heightU[rack] - (int) Math.floor((y - bodyTop(rack)) / uPx);
        return u >= 1 && u <= plan.heightU[rack] ? plan.nodeAtU[rack][u] : FleetLayout.NONE;
    }

    private int lineAt(double y) {
        int found = Arrays.binarySearch(lineTops, (int) Math.floor(y));
        int line = found >= 0 ? found : -found - 2;
        return line >= 0 && y >= 0 && y < lineTops[line] + lineHeights[line] ? line : -1;
    }
}

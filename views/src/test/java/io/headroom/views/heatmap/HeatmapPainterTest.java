package io.headroom.views.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.TestFleet;
import java.util.Arrays;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** The pixel buffer: what a frame repaints, and what it must not leave behind. Plain Java, no toolkit. */
class HeatmapPainterTest {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 400;
    private static final int BACKGROUND = 0xff000000;
    private static final int RACK = 0xff202020;
    private static final int BUSY = 0xff0000ff;
    private static final int IDLE = 0xff00ff00;
    private static final int SELECTION = 0xffffffff;

    private final FleetLayout layout =
            TestFleet.of(1, 2, 3, 4, 8, 0).telemetry().layout();
    private final HeatmapGeometry geometry =
            HeatmapGeometry.fit(FloorPlan.of(layout, "Unplaced"), WIDTH, HEIGHT, 20, 24);
    private final HeatmapPainter painter = new HeatmapPainter();
    private final int[] colours = new int[layout.gpuCount()];
    private final int[] hatches = new int[layout.gpuCount()];

    private boolean paint(BitSet selected) {
        return painter.paintCells(
                geometry, CellColours.given(colours, hatches, null), selected, SELECTION, new BitSet(), 0);
    }

    private int pixelOf(int slot) {
        double[] centre = geometry.cellCenter(slot);
        return painter.pixels()[((int) centre[1]) * WIDTH + (int) centre[0]];
    }

    @Test
    void aFrameInWhichNoCellChangesColourChangesNoPixel() {
        Arrays.fill(colours, BUSY);
        painter.paintBackdrop(geometry, BACKGROUND, RACK, 0, 0, WIDTH, HEIGHT);
        assertThat(paint(new BitSet())).as("the first frame after the backdrop").isTrue();
        assertThat(painter.dirtyWidth() * painter.dirtyHeight()).isEqualTo(WIDTH * HEIGHT);
        int[] before = painter.pixels().clone();

        assertThat(paint(new BitSet())).isFalse();
        assertThat(painter.dirtyWidth()).isZero();
        assertThat(painter.pixels()).isEqualTo(before);
    }

    @Test
    void aCellThatChangesIsRepaintedAndOnlyItsRectangleIsDirty() {
        Arrays.fill(colours, BUSY);
        painter.paintBackdrop(geometry, BACKGROUND, RACK, 0, 0, WIDTH, HEIGHT);
        paint(new BitSet());
        int slot = layout.firstGpuSlot(5) + 3;
        colours[slot] = IDLE;

        assertThat(paint(new BitSet())).isTrue();
        assertThat(pixelOf(slot)).isEqualTo(IDLE);
        assertThat(pixelOf(slot + 1)).isEqualTo(BUSY);
        int cellWidth = geometry.cellWidth - geometry.separator;
        int cellHeight = geometry.cellHeight - geometry.separator;
        assertThat(painter.dirtyX()).isEqualTo(geometry.slotX[slot]);
        assertThat(painter.dirtyY()).isEqualTo(geometry.slotY[slot]);
        assertThat(painter.dirtyWidth()).isEqualTo(cellWidth);
        assertThat(painter.dirtyHeight()).isEqualTo(cellHeight);
    }

    @Test
    void aDroppedPickTakesItsFramesAwayThoughNoColourChanged() {
        Arrays.fill(colours, BUSY);
        painter.paintBackdrop(geometry, BACKGROUND, RACK, 0, 0, WIDTH, HEIGHT);
        BitSet picked = new BitSet();
        picked.set(2);
        paint(picked);
        int slot = layout.firstGpuSlot(2);
        int corner = painter.pixels()[geometry.slotY[slot] * WIDTH + geometry.slotX[slot]];
        assertThat(corner).as("framed while picked").isEqualTo(SELECTION);

        assertThat(paint(new BitSet())).isTrue();
        corner = painter.pixels()[geometry.slotY[slot] * WIDTH + geometry.slotX[slot]];
        assertThat(corner).isEqualTo(BUSY);
    }

    @Test
    void aNewBackdropHasEveryCellPaintedAgain() {
        Arrays.fill(colours, BUSY);
        painter.paintBackdrop(geometry, BACKGROUND, RACK, 0, 0, WIDTH, HEIGHT);
        paint(new BitSet());

        painter.paintBackdrop(geometry, BACKGROUND, RACK, 0, 0, WIDTH, HEIGHT);
        assertThat(pixelOf(0)).as("the backdrop covers the cells").isEqualTo(RACK);
        assertThat(paint(new BitSet())).isTrue();
        for (int slot = 0; slot < layout.gpuCount(); slot++) {
            assertThat(pixelOf(slot)).as("slot %d", slot).isEqualTo(BUSY);
        }
    }

    @Test
    void paintingOnlyTheListedChangesLeavesThePixelsAFullPaintWouldHave() {
        int[] before = new int[layout.gpuCount()];
        int[] after = new int[layout.gpuCount()];
        for (int slot = 0; slot < before.length; slot++) {
            before[slot] = slot % 2 == 0 ? BUSY : IDLE;
            after[slot] = slot % 3 == 0 ? IDLE : before[slot];
        }
        int[] none = new int[layout.gpuCount()];
        HeatmapPainter incremental = new HeatmapPainter();
        incremental.paintBackdrop(geometry, BACKGROUND, RACK, 0, 0, WIDTH, HEIGHT);
        CellColours first = listed(before, null);
        incremental.paintCells(geometry, first, new BitSet(), SELECTION, new BitSet(), 0);
        CellColours second = listed(after, first);
        assertThat(second.changedCount()).isPositive().isLessThan(layout.gpuCount());

        assertThat(incremental.paintCells(geometry, second, new BitSet(), SELECTION, new BitSet(), 0))
                .isTrue();
        HeatmapPainter full = new HeatmapPainter();
        full.paintBackdrop(geometry, BACKGROUND, RACK, 0, 0, WIDTH, HEIGHT);
        full.paintCells(geometry, CellColours.given(after, none, null), new BitSet(), SELECTION, new BitSet(), 0);
        assertThat(incremental.pixels()).isEqualTo(full.pixels());

        // Asked to paint the same colours again (a hover, a theme): nothing changes, nothing is uploaded.
        assertThat(incremental.paintCells(geometry, second, new BitSet(), SELECTION, new BitSet(), 0))
                .isFalse();
        assertThat(incremental.dirtyWidth()).isZero();
    }

    @Test
    void changesListedFromColoursNotPaintedAreNotTrusted() {
        Arrays.fill(colours, BUSY);
        painter.paintBackdrop(geometry, BACKGROUND, RACK, 0, 0, WIDTH, HEIGHT);
        paint(new BitSet());
        int[] skipped = colours.clone();
        skipped[7] = IDLE; // a frame the painter never painted
        int[] next = skipped.clone();
        CellColours base = listed(skipped, null);
        CellColours fromSkipped = listed(next, base);
        assertThat(fromSkipped.changedCount())
                .as("nothing changed since the frame skipped")
                .isZero();

        assertThat(painter.paintCells(geometry, fromSkipped, new BitSet(), SELECTION, new BitSet(), 0))
                .isTrue();
        assertThat(pixelOf(7))
                .as("compared cell by cell with what is on screen")
                .isEqualTo(IDLE);
    }

    /** Colours worked out as the worker does, listing the changes from {@code previous}. */
    private CellColours listed(int[] argb, CellColours previous) {
        return CellColours.given(argb, new int[argb.length], previous);
    }
}

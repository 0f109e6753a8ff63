package io.headroom.views.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.TestFleet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Cell placement and arithmetic hit-testing, without a toolkit. */
class HeatmapGeometryTest {

    @Test
    void everyGpuGetsItsOwnCellAndHitTestingFindsItAgain() {
        FleetLayout layout = TestFleet.of(2, 3, 5, 4, 8, 0).telemetry().layout();
        HeatmapGeometry geometry = HeatmapGeometry.fit(FloorPlan.of(layout, "Unplaced"), 1200, 600, 20, 24);

        Set<Integer> origins = new HashSet<>();
        for (int slot = 0; slot < layout.gpuCount(); slot++) {
            assertThat(geometry.slotX[slot]).as("slot %d placed", slot).isNotNegative();
            assertThat(origins.add(geometry.slotY[slot] * 1200 + geometry.slotX[slot]))
                    .as("slot %d alone in its cell", slot)
                    .isTrue();
            double[] centre = geometry.cellCenter(slot);
            assertThat(geometry.slotAt(centre[0], centre[1])).isEqualTo(slot);
        }
    }

    @Test
    void cellsGrowToUseTheSpace() {
        FleetLayout layout = TestFleet.of(1, 2, 4, 4, 8, 0).telemetry().layout();
        HeatmapGeometry small = HeatmapGeometry.fit(FloorPlan.of(layout, "Unplaced"), 400, 200, 20, 24);
        HeatmapGeometry large = HeatmapGeometry.fit(FloorPlan.of(layout, "Unplaced"), 1600, 800, 20, 24);

        assertThat(large.cellWidth * large.cellHeight).isGreaterThan(4 * small.cellWidth * small.cellHeight / 2);
        assertThat(large.cellHeight).isGreaterThanOrEqualTo(12);
    }

    @Test
    void topOfTheRackIsTheTopRowOfItsBlock() {
        FleetLayout layout = TestFleet.of(1, 1, 1, 4, 8, 0).telemetry().layout();
        HeatmapGeometry geometry = HeatmapGeometry.fit(FloorPlan.of(layout, "Unplaced"), 800, 400, 20, 24);

        // TestFleet mounts node n at U 2 + 10 (n - 1): the last node sits highest.
        int highest = layout.firstGpuSlot(3);
        int lowest = layout.firstGpuSlot(0);
        assertThat(geometry.cellCenter(highest)[1]).isLessThan(geometry.cellCenter(lowest)[1]);
    }

    @Test
    void gapsBetweenRacksHitNothing() {
        FleetLayout layout = TestFleet.of(1, 1, 2, 2, 8, 0).telemetry().layout();
        HeatmapGeometry geometry = HeatmapGeometry.fit(FloorPlan.of(layout, "Unplaced"), 800, 400, 20, 24);

        double[] lastOfFirstRack = geometry.cellCenter(layout.endGpuSlot(0) - 1);
        double gapX = geometry.blockX[0] + geometry.blockWidth + geometry.rackGap / 2.0;
        assertThat(geometry.slotAt(gapX, lastOfFirstRack[1])).isEqualTo(FleetLayout.NONE);
        assertThat(geometry.slotAt(-1, 5)).isEqualTo(FleetLayout.NONE);
        assertThat(geometry.slotAt(5, 2)).as("hall name band").isEqualTo(FleetLayout.NONE);
    }

    @Test
    void aHundredThousandGpusFitOnOneWallScreen() {
        // 8 halls x 10 rows x 40 racks x 4 nodes x 8 GPUs = 102,400 GPUs.
        FleetLayout layout = TestFleet.of(8, 10, 40, 4, 8, 0).telemetry().layout();
        HeatmapGeometry geometry = HeatmapGeometry.fit(FloorPlan.of(layout, "Unplaced"), 1560, 600, 20, 24);

        for (int slot = 0; slot < layout.gpuCount(); slot++) {
            assertThat(geometry.slotX[slot]).isNotNegative();
        }
        assertThat(Math.min(geometry.cellWidth, geometry.cellHeight))
                .as("cells still a square of pixels")
                .isGreaterThanOrEqualTo(2);
        int probe = layout.gpuCount() - 3;
        double[] centre = geometry.cellCenter(probe);
        assertThat(geometry.slotAt(centre[0], centre[1])).isEqualTo(probe);
    }

    @Test
    void aRectangleFindsTheNodesWhoseCellsItTouches() {
        FleetLayout layout = TestFleet.of(1, 1, 3, 4, 8, 0).telemetry().layout();
        HeatmapGeometry geometry = HeatmapGeometry.fit(FloorPlan.of(layout, "Unplaced"), 900, 500, 20, 24);
        int first = layout.nodeIndex("gpu-h1-a01-n1");
        int second = layout.nodeIndex("gpu-h1-a01-n2");
        double[] from = geometry.cellCenter(layout.firstGpuSlot(first) + 2);
        double[] to = geometry.cellCenter(layout.firstGpuSlot(second) + 3);

        assertThat(geometry.nodesWithin(from[0], from[1], to[0], to[1])).containsExactlyInAnyOrder(first, second);
        assertThat(geometry.nodesWithin(to[0], to[1], from[0], from[1]))
                .as("dragged either way")
                .containsExactlyInAnyOrder(first, second);
        assertThat(geometry.nodesWithin(0, 0, 1, 1))
                .as("the corner holds no cell")
                .isEmpty();
    }

    @Test
    void hallsTakeTheWindowsShapeAndEveryCellIsFoundInItsBand() {
        // The simulator's 100,000 GPUs: 4 halls of 40 rows of 10 racks, 8 nodes of 8 GPUs a rack.
        FleetLayout layout = TestFleet.of(4, 40, 10, 8, 8, 0).telemetry().layout();
        FloorPlan plan = FloorPlan.of(layout, "Unplaced");
        HeatmapGeometry wide = HeatmapGeometry.fit(plan, 1560, 560, 20, 0);
        HeatmapGeometry tall = HeatmapGeometry.fit(plan, 700, 1800, 20, 0);

        assertThat(wide.arrangement.bands())
                .as("rows side by side in a wide window")
                .isGreaterThan(1);
        assertThat(wide.usedWidth).isGreaterThan(wide.width * 9 / 10);
        assertThat(wide.usedHeight).isGreaterThan(wide.height * 8 / 10);
        assertThat(tall.arrangement.hallColumns())
                .as("halls stacked in a tall one")
                .isLessThan(4);
        for (HeatmapGeometry geometry : new HeatmapGeometry[] {wide, tall}) {
            for (int slot = 0; slot < layout.gpuCount(); slot++) {
                double[] centre = geometry.cellCenter(slot);
                assertThat(centre).as("slot %d placed", slot).isNotNull();
                assertThat(geometry.slotAt(centre[0], centre[1])).isEqualTo(slot);
            }
        }
        // Between two bands of a hall lies no cell.
        HeatmapGeometry.HallTile hall = wide.tiles[0];
        int secondBand = java.util.Arrays.stream(hall.lineLefts())
                .filter(left -> left > 0)
                .min()
                .orElseThrow();
        assertThat(wide.slotAt(hall.x() + secondBand - 1, hall.y() + hall.lineTops()[0] + 1))
                .isEqualTo(FleetLayout.NONE);
    }

    @Test
    void manyHallsAreLaidOutWithEveryGpuPlacedAndFoundAgain() {
        // As many halls as a million GPUs in halls of 12,800 (78), each small: the halls are laid once per band count.
        FleetLayout layout = TestFleet.of(78, 2, 3, 2, 8, 0).telemetry().layout();
        HeatmapGeometry geometry = HeatmapGeometry.fit(FloorPlan.of(layout, "Unplaced"), 1900, 1000, 20, 24);

        assertThat(geometry.usedWidth).isLessThanOrEqualTo(1900);
        assertThat(geometry.usedHeight).isLessThanOrEqualTo(1000);
        assertThat(geometry.arrangement.hallColumns())
                .as("halls side by side, not one column")
                .isGreaterThan(1);
        for (int slot = 0; slot < layout.gpuCount(); slot++) {
            assertThat(geometry.slotX[slot]).as("slot %d placed", slot).isNotNegative();
            double[] centre = geometry.cellCenter(slot);
            assertThat(geometry.slotAt(centre[0], centre[1])).isEqualTo(slot);
        }
    }
}

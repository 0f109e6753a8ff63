package io.headroom.views.rack;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.SiteFleet;
import org.junit.jupiter.api.Test;

/** Pointing is arithmetic: every node's chassis maps back to that node, gaps to none. */
class RackGeometryTest {

    private static final RackGeometry.Metrics METRICS = new RackGeometry.Metrics(120, 160, 44, 12, 16, 30, 3, 8);

    @Test
    void everyChassisCentreHitsItsNode() {
        SiteFleet site = SiteFleet.build(2, 40);
        RackPlan plan = RackPlan.of(site.layout(), "Unplaced");
        for (int hall = 0; hall < plan.halls.size(); hall++) {
            RackGeometry geometry = RackGeometry.fit(plan, hall, 1400, 800, METRICS);
            for (int node = 0; node < site.layout().nodeCount(); node++) {
                int[] box = geometry.nodeBox(node);
                if (plan.hallOfRack[site.layout().rackOfNode(node)] != hall) {
                    assertThat(box).isNull();
                    continue;
                }
                assertThat(geometry.nodeAt(box[0] + box[2] / 2.0, box[1] + box[3] / 2.0))
                        .isEqualTo(node);
                assertThat(geometry.nodeAt(box[0] + 1, box[1])).isEqualTo(node);
            }
        }
    }

    @Test
    void headersLabelsAndTopUnitsHitNoNode() {
        SiteFleet site = SiteFleet.build(1, 20);
        RackPlan plan = RackPlan.of(site.layout(), "Unplaced");
        RackGeometry geometry = RackGeometry.fit(plan, 0, 1400, 800, METRICS);
        int rack = site.layout().rackIndex("H1-B03");

        double headerY = geometry.rackY[rack] + 10;
        assertThat(geometry.rackAt(geometry.rackX[rack] + 5, headerY)).isEqualTo(rack);
        assertThat(geometry.nodeAt(geometry.rackX[rack] + 5, headerY)).isEqualTo(FleetLayout.NONE);
        assertThat(geometry.nodeAt(5, headerY)).as("row label").isEqualTo(FleetLayout.NONE);
        // Servers fill U1-U40 of 42: the top two units (switches) belong to no node.
        double topUnit = geometry.bodyTop(rack) + geometry.uPx / 2.0;
        assertThat(geometry.nodeAt(geometry.rackX[rack] + 20, topUnit)).isEqualTo(FleetLayout.NONE);
        double bottomUnit = geometry.bodyTop(rack) + 41.5 * geometry.uPx;
        assertThat(geometry.nodeAt(geometry.rackX[rack] + 20, bottomUnit))
                .isEqualTo(site.layout().nodeIndex("gpu-h1-b03-n1"));
    }

    @Test
    void aHallThatFitsGetsLargerUnitsThanOneThatMustScroll() {
        SiteFleet small = SiteFleet.build(1, 10);
        SiteFleet large = SiteFleet.build(1, 390);
        RackGeometry fits = RackGeometry.fit(RackPlan.of(small.layout(), "-"), 0, 1400, 800, METRICS);
        RackGeometry scrolls = RackGeometry.fit(RackPlan.of(large.layout(), "-"), 0, 1400, 800, METRICS);

        assertThat(fits.contentHeight).isLessThanOrEqualTo(800);
        assertThat(fits.uPx).isGreaterThan(scrolls.uPx);
        assertThat(scrolls.uPx).isEqualTo(METRICS.minUPx());
        assertThat(scrolls.contentHeight).isGreaterThan(800);
    }
}

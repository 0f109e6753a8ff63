package io.headroom.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.SiteFleet;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.search.SearchHit.Kind;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Finding a node by what a technician has in hand. */
class FleetSearchTest {

    private final SiteFleet site = SiteFleet.build(2, 40);
    private final FleetLayout layout = site.layout();
    private final FleetSearch search = new FleetSearch(layout);

    @Test
    void byHostnameExactFirstThenPrefixIgnoringCase() {
        assertThat(search.find("GPU-H1-A03-N1", 5)).first().satisfies(hit -> {
            assertThat(hit.kind()).isEqualTo(Kind.HOSTNAME);
            assertThat(hit.nodeIndex()).isEqualTo(layout.nodeIndex("gpu-h1-a03-n1"));
            assertThat(hit.rackIndex()).isEqualTo(layout.rackIndex("H1-A03"));
        });
        assertThat(search.find("gpu-h2-b07-n", 20))
                .hasSize(8)
                .allSatisfy(hit -> assertThat(hit.text()).startsWith("gpu-h2-b07-n"));
    }

    @Test
    void bySerialAnywhereInIt() {
        String serial = layout.node(37).serial();

        assertThat(search.find(serial.toLowerCase(Locale.ROOT), 3))
                .first()
                .extracting(SearchHit::kind, SearchHit::nodeIndex)
                .containsExactly(Kind.SERIAL, 37);
        assertThat(search.find(serial.substring(3), 50))
                .extracting(SearchHit::nodeIndex)
                .contains(37);
    }

    @Test
    void byGpuOrMigUuid() {
        int slot = layout.firstGpuSlot(100) + 6;
        String uuid = layout.accelerator(slot).uuid();
        assertThat(search.find(uuid, 1))
                .singleElement()
                .extracting(SearchHit::kind, SearchHit::nodeIndex, SearchHit::slot)
                .containsExactly(Kind.GPU_UUID, 100, slot);

        int migSlot = layout.gpuCount();
        String migUuid = layout.slice(migSlot).uuid();
        assertThat(search.find(migUuid.toUpperCase(Locale.ROOT), 1))
                .singleElement()
                .extracting(SearchHit::slot, SearchHit::nodeIndex)
                .containsExactly(migSlot, layout.nodeOfSlot(migSlot));
    }

    @Test
    void byRackIdAndByRackAndUnit() {
        assertThat(search.find("h1-a03", 1))
                .singleElement()
                .extracting(SearchHit::kind, SearchHit::rackIndex, SearchHit::nodeIndex)
                .containsExactly(Kind.RACK, layout.rackIndex("H1-A03"), FleetLayout.NONE);

        // Servers are 5 U from U1: U17 is the fourth, n4, at U16-U20.
        assertThat(search.find("H1-A03 U17", 3))
                .first()
                .extracting(SearchHit::kind, SearchHit::text, SearchHit::nodeIndex)
                .containsExactly(Kind.RACK_UNIT, "H1-A03 U17", layout.nodeIndex("gpu-h1-a03-n4"));
        assertThat(search.find("h1-a03 u42", 3))
                .first()
                .extracting(SearchHit::kind, SearchHit::nodeIndex)
                .containsExactly(Kind.RACK_UNIT, FleetLayout.NONE);
    }

    @Test
    void nothingForBlankOrUnknownText() {
        assertThat(search.find("   ", 10)).isEmpty();
        assertThat(search.find("no-such-thing", 10)).isEmpty();
    }

    @Test
    void aHundredThousandGpusAreIndexedOnceAndFoundByUuid() {
        TestFleet large = TestFleet.of(4, 10, 40, 8, 8, 0);
        FleetSearch big = new FleetSearch(large.telemetry().layout());
        int slot = large.telemetry().layout().gpuCount() - 1;

        assertThat(large.telemetry().layout().gpuCount()).isEqualTo(102_400);
        assertThat(big.find(large.telemetry().layout().accelerator(slot).uuid(), 1))
                .singleElement()
                .extracting(SearchHit::slot)
                .isEqualTo(slot);
    }
}

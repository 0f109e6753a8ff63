package io.headroom.store.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Packed group rows added up: a row already packed adds up to itself, so one source's hour is stored as it came. */
class GroupEntrySumsTest {

    private static byte[] packedOf(GroupRows.Entry... entries) {
        var sums = new GroupEntrySums(GroupEntrySums.Across.GPUS);
        for (GroupRows.Entry e : entries) {
            sums.add(e);
        }
        return sums.packed();
    }

    @Test
    void aPackedRowAddedUpAgainIsTheSameBytes() {
        byte[] once = packedOf(
                new GroupRows.Entry(7, 8, 480, 120.5f, 30.25f, 41.7f, 5600f, 71f),
                new GroupRows.Entry(3, 4, 240, 240f, 0f, Float.NaN, Float.NaN, Float.NaN),
                // Under half a minute known: no covered minute, so its utilisation says nothing.
                new GroupRows.Entry(9, 1, 0, 0f, 0f, 12.5f, 300f, 40f));

        var again = new GroupEntrySums(GroupEntrySums.Across.GPUS);
        again.add(once);

        assertThat(again.packed()).isEqualTo(once);
        assertThat(GroupRows.decode(once)).extracting(GroupRows.Entry::groupNo).containsExactly(3, 7, 9);
        assertThat(GroupRows.decode(once)[2].utilizationPct()).isNaN();
    }

    @Test
    void twoSourcesOfOneRackAddTheirGpusAndWeighUtilisationByMinutes() {
        var sums = new GroupEntrySums(GroupEntrySums.Across.GPUS);
        sums.add(packedOf(new GroupRows.Entry(5, 4, 240, 60f, 0f, 50f, 1000f, 60f)));
        sums.add(packedOf(new GroupRows.Entry(5, 4, 120, 120f, 60f, 20f, 800f, 75f)));

        GroupRows.Entry rack = GroupRows.decode(sums.packed())[0];
        assertThat(rack.accelerators()).isEqualTo(8);
        assertThat(rack.coveredMinutes()).isEqualTo(360);
        assertThat(rack.idleMinutes()).isEqualTo(180f);
        assertThat(rack.utilizationPct()).isEqualTo(40f);
        assertThat(rack.powerW()).isEqualTo(1800f);
        assertThat(rack.maxTempC()).isEqualTo(75f);
    }
}

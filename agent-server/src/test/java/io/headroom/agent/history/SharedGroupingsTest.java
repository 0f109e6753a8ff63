package io.headroom.agent.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.Vendor;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryChunk;
import io.headroom.protocol.v1.HistoryGap;
import io.headroom.protocol.v1.HistoryGrouping;
import io.headroom.protocol.v1.HistoryResolution;
import io.headroom.protocol.v1.HistoryRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A console's backfill asks hall, rack, pool and tenant over the same hours at once: the past is
 * read once for the four, each answer is what its grouping alone would be, and a long range is
 * read by each call itself (nothing large is kept).
 */
class SharedGroupingsTest {

    static final long T0 = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    static final long HOUR = HistoryQuery.HOUR_MS;

    private final HistoryAgents agents = new HistoryAgents();

    @AfterEach
    void stop() throws Exception {
        agents.close();
    }

    /** Two GPUs in rack r1 (busy), one in r3 (free idle), every hour; counts how often it is opened. */
    private static final class CountingPast implements AcceleratorPast {
        final AtomicInteger opened = new AtomicInteger();

        @Override
        public PeriodCursor open(HistoryQuery query) {
            opened.incrementAndGet();
            return new PeriodCursor() {
                long start = query.fromMs();

                @Override
                public List<AcceleratorRow> next() {
                    if (start >= query.toMs()) {
                        return null;
                    }
                    List<AcceleratorRow> rows = List.of(
                            row("GPU-n-a-0", "n-a", 3600, 0),
                            row("GPU-n-a-1", "n-a", 3600, 0),
                            row("GPU-n-c-0", "n-c", 0, 3600));
                    start += HOUR;
                    return rows;
                }

                private AcceleratorRow row(String uuid, String host, long busy, long free) {
                    return new AcceleratorRow(
                            HistoryRow.newBuilder()
                                    .setPeriodStartMs(start)
                                    .setKey(uuid)
                                    .setHostname(host)
                                    .setAccelerators(1)
                                    .setBusyS(busy)
                                    .setFreeIdleS(free)
                                    .build(),
                            List.of());
                }

                @Override
                public List<HistoryGap> gaps() {
                    return List.of();
                }

                @Override
                public void close() {}
            };
        }
    }

    private static Inventory inventory() {
        return new ScriptedFleet.Builder(60_000)
                .node("n-a", "r1", "train", "acme", "NVIDIA H100 80GB HBM3", Vendor.NVIDIA, 2, false)
                .node("n-c", "r3", "infer", "globex", "NVIDIA H100 80GB HBM3", Vendor.NVIDIA, 1, false)
                .build()
                .inventory();
    }

    private List<HistoryRow> ask(String server, HistoryGrouping grouping, int hours) {
        List<HistoryChunk> chunks = agents.ask(
                server,
                GetHistoryRequest.newBuilder()
                        .setFromMs(T0)
                        .setToMs(T0 + hours * HOUR)
                        .setResolution(HistoryResolution.HISTORY_RESOLUTION_HOUR)
                        .setGrouping(grouping)
                        .setClientId("test")
                        .build());
        assertThat(chunks.getLast().getLast()).isTrue();
        List<HistoryRow> rows = new ArrayList<>();
        chunks.forEach(c -> rows.addAll(c.getRowsList()));
        return rows;
    }

    @Test
    void theFourGroupingsOfOneDayReadThePastOnce() throws Exception {
        var past = new CountingPast();
        agents.serveHistory("node", new PastHistory("node", past, SharedGroupingsTest::inventory));
        List<HistoryRow> racks = ask("node", HistoryGrouping.HISTORY_GROUPING_RACK, 24);
        List<HistoryRow> halls = ask("node", HistoryGrouping.HISTORY_GROUPING_HALL, 24);
        List<HistoryRow> pools = ask("node", HistoryGrouping.HISTORY_GROUPING_POOL, 24);
        List<HistoryRow> tenants = ask("node", HistoryGrouping.HISTORY_GROUPING_TENANT, 24);
        assertThat(past.opened).as("read once for the four").hasValue(1);

        assertThat(racks).hasSize(48);
        assertThat(racks.subList(0, 2)).extracting(HistoryRow::getKey).containsExactly("r1", "r3");
        assertThat(racks.get(0).getAccelerators()).isEqualTo(2);
        assertThat(racks.get(0).getBusyS()).isEqualTo(7200);
        assertThat(halls.subList(0, 2)).extracting(HistoryRow::getKey).containsExactly("h1", "h2");
        assertThat(pools.subList(0, 2)).extracting(HistoryRow::getKey).containsExactly("infer", "train");
        assertThat(tenants.subList(0, 2)).extracting(HistoryRow::getKey).containsExactly("acme", "globex");
        assertThat(tenants.get(1).getFreeIdleS()).isEqualTo(3600);

        // Each is what its grouping alone gives: the first day of a month's answer (too long to share) agrees.
        var alone = new CountingPast();
        agents.serveHistory("alone", new PastHistory("alone", alone, SharedGroupingsTest::inventory));
        Map<HistoryGrouping, List<HistoryRow>> shared = Map.of(
                HistoryGrouping.HISTORY_GROUPING_RACK, racks,
                HistoryGrouping.HISTORY_GROUPING_HALL, halls,
                HistoryGrouping.HISTORY_GROUPING_POOL, pools,
                HistoryGrouping.HISTORY_GROUPING_TENANT, tenants);
        shared.forEach(
                (grouping, rows) -> assertThat(ask("alone", grouping, 24 * 30).subList(0, rows.size()))
                        .as(grouping.name())
                        .isEqualTo(rows));
        assertThat(alone.opened).hasValue(4);

        // Asked again (a resumed backfill) after all four were taken: read again.
        ask("node", HistoryGrouping.HISTORY_GROUPING_RACK, 24);
        assertThat(past.opened).hasValue(2);
    }

    @Test
    void aLongRangeOrAnotherGroupingIsReadByItsOwnCall() throws Exception {
        var past = new CountingPast();
        agents.serveHistory("node", new PastHistory("node", past, SharedGroupingsTest::inventory));
        ask("node", HistoryGrouping.HISTORY_GROUPING_RACK, 24 * 30);
        ask("node", HistoryGrouping.HISTORY_GROUPING_HALL, 24 * 30);
        ask("node", HistoryGrouping.HISTORY_GROUPING_MODEL, 24);
        ask("node", HistoryGrouping.HISTORY_GROUPING_ACCELERATOR, 24);
        assertThat(past.opened).hasValue(4);
    }

    @Test
    void hoursGroupedAheadAreAnsweredWithoutReadingThePastAndAsReadingItWould() throws Exception {
        var past = new CountingPast();
        var history = new PastHistory("node", past, SharedGroupingsTest::inventory);
        agents.serveHistory("node", history);
        assertThat(history.groupAhead(T0, T0 + 12 * HOUR)).isEqualTo(12);
        assertThat(past.opened).hasValue(1);

        List<HistoryRow> firstHalf = ask("node", HistoryGrouping.HISTORY_GROUPING_RACK, 12);
        assertThat(past.opened).as("all 12 hours were made ahead").hasValue(1);
        List<HistoryRow> day = ask("node", HistoryGrouping.HISTORY_GROUPING_TENANT, 24);
        assertThat(past.opened).as("the 12 hours after them are read").hasValue(2);

        var alone = new CountingPast();
        agents.serveHistory("alone", new PastHistory("alone", alone, SharedGroupingsTest::inventory));
        assertThat(firstHalf).isEqualTo(ask("alone", HistoryGrouping.HISTORY_GROUPING_RACK, 12));
        assertThat(day).hasSize(48).isEqualTo(ask("alone", HistoryGrouping.HISTORY_GROUPING_TENANT, 24));
    }
}

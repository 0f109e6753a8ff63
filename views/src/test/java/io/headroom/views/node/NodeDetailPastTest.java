package io.headroom.views.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SiteFleet;
import io.headroom.core.history.PastMinutes;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.views.Messages;
import io.headroom.views.node.NodeDetailViewModel.Metric;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Without a toolkit: the minutes before a server page opened, read from history, come first. */
class NodeDetailPastTest {

    private static final long NOW = SiteFleet.NOW; // 20 s into a minute
    private static final long NOW_MINUTE = Math.floorDiv(NOW, 60_000L);
    private static final String HOST = "gpu-h1-a02-n3";
    /** The minute (counted from the first of the fifteen) nobody kept. */
    private static final int MISSING = 7;

    private final SiteFleet site = SiteFleet.build(1, 10).write(NOW);
    private final NodeDetailViewModel model =
            new NodeDetailViewModel(new Messages(Locale.US), new IdleClassifier(IdleThresholds.DEFAULTS));

    /** Every GPU kept each minute but one: utilization 10 + the minute, 300 W, 60 °C. */
    private static PastMinutes fifteenMinutesButOne(String host, List<String> uuids, long from, long to) {
        PastMinutes past = new PastMinutes(from, (int) (to - from), uuids);
        for (int a = 0; a < uuids.size(); a++) {
            for (long m = from; m < to; m++) {
                if (m - from != MISSING) {
                    past.put(a, m, 10 + (m - from), 300, 60);
                }
            }
        }
        return past;
    }

    // The history ring keeps one flat float series per (row, metric) at row * METRICS.length + metric.ordinal().
    @SuppressWarnings("EnumOrdinal")
    private float value(int row, Metric metric, int i) {
        return model.history().value(row * NodeDetailViewModel.METRICS.length + metric.ordinal(), i);
    }

    @Test
    void theLastFifteenMinutesAreThereAtTheFirstRefreshWithTheMissingOneAGap() {
        List<List<String>> asked = new ArrayList<>();
        model.readPastFrom(
                (host, uuids, from, to) -> {
                    asked.add(uuids);
                    assertThat(host).isEqualTo(HOST);
                    assertThat(from).isEqualTo(NOW_MINUTE - 15);
                    assertThat(to).isEqualTo(NOW_MINUTE);
                    return fifteenMinutesButOne(host, uuids, from, to);
                },
                Runnable::run);
        model.showNode(HOST);

        model.update(site.telemetry(), NOW);

        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst()).hasSize(model.rows().size());
        assertThat(model.historySize())
                .as("15 minutes, then the first live second")
                .isEqualTo(16);
        assertThat(model.history().time(0)).isEqualTo((NOW_MINUTE - 15) * 60_000L + 30_000L);
        assertThat(model.history().time(15)).isEqualTo(NOW);
        assertThat(value(0, Metric.UTILIZATION, 0)).isEqualTo(10f);
        assertThat(value(0, Metric.UTILIZATION, 14)).isEqualTo(24f);
        assertThat(value(0, Metric.POWER, 3)).isEqualTo(300f);
        assertThat(value(0, Metric.TEMPERATURE, 3)).isEqualTo(60f);
        assertThat(value(0, Metric.UTILIZATION, MISSING))
                .as("the minute nobody kept")
                .isNaN();
        assertThat(value(0, Metric.POWER, MISSING)).isNaN();
        assertThat(value(0, Metric.MEMORY, 3))
                .as("memory is not kept per minute")
                .isNaN();
        assertThat(model.pastNote()).startsWith("History kept 14 of the last 15 minutes");

        model.update(site.write(NOW + 1000).telemetry(), NOW + 1000);
        assertThat(model.historySize()).as("live seconds go on after them").isEqualTo(17);
        assertThat(model.history().time(16)).isEqualTo(NOW + 1000);
    }

    @Test
    void anAnswerThatComesAfterLiveSecondsGoesInFrontOfThem() {
        List<Runnable> pending = new ArrayList<>();
        model.readPastFrom(NodeDetailPastTest::fifteenMinutesButOne, pending::add);
        model.showNode(HOST);
        model.update(site.telemetry(), NOW);
        model.update(site.write(NOW + 1000).telemetry(), NOW + 1000);
        assertThat(model.historySize()).isEqualTo(2);
        assertThat(model.pastNote()).isEqualTo("Reading the last 15 minutes from history\u2026");

        pending.forEach(Runnable::run);
        model.update(site.telemetry(), NOW + 1400);

        assertThat(model.historySize()).isEqualTo(17);
        assertThat(model.history().time(14)).isEqualTo((NOW_MINUTE - 1) * 60_000L + 30_000L);
        assertThat(model.history().time(15)).isEqualTo(NOW);
        assertThat(model.history().time(16)).isEqualTo(NOW + 1000);
    }

    @Test
    void anAnswerAboutANodeNoLongerShownIsDropped() {
        List<Runnable> pending = new ArrayList<>();
        model.readPastFrom(NodeDetailPastTest::fifteenMinutesButOne, pending::add);
        model.showNode(HOST);
        model.update(site.telemetry(), NOW);
        model.showNode("gpu-h1-a02-n4");
        model.update(site.telemetry(), NOW + 200);

        pending.getFirst().run(); // the first node's minutes
        model.update(site.telemetry(), NOW + 1000);

        assertThat(model.historySize()).as("no minutes of another server").isEqualTo(2);
    }

    @Test
    void aServerWithNothingKeptSaysSoAndItsLinesBeginNow() {
        model.readPastFrom((host, uuids, from, to) -> new PastMinutes(from, (int) (to - from), uuids), Runnable::run);
        model.showNode(HOST);

        model.update(site.telemetry(), NOW);

        assertThat(model.pastNote()).isEqualTo("No history kept of the last 15 minutes: the lines begin now.");
        assertThat(model.historySize())
                .as("fifteen gaps, then the first second")
                .isEqualTo(16);
        assertThat(value(0, Metric.UTILIZATION, 0)).isNaN();
        assertThat(value(0, Metric.UTILIZATION, 15)).isNotNaN();
    }

    @Test
    void aHistoryThatCannotBeReadIsNamedNotShownAsZero() {
        model.readPastFrom(
                (host, uuids, from, to) -> {
                    throw new SQLException("the store file is locked");
                },
                Runnable::run);
        model.showNode(HOST);

        model.update(site.telemetry(), NOW);

        assertThat(model.pastNote())
                .isEqualTo("The last 15 minutes could not be read from history (the store file is locked): the lines"
                        + " begin now.");
        assertThat(model.historySize()).isEqualTo(1);
    }

    @Test
    void withoutAHistoryNothingIsAskedAndNothingClaimed() {
        model.showNode(HOST);
        model.update(site.telemetry(), NOW);

        assertThat(model.pastNote()).isEmpty();
        assertThat(model.historySize()).isEqualTo(1);
    }

    @Test
    void aMigGpuIsAsBusyAsItsSlicesWereInEachKeptMinute() {
        model.readPastFrom(
                (host, uuids, from, to) -> {
                    PastMinutes past = new PastMinutes(from, (int) (to - from), uuids);
                    for (long m = from; m < to; m++) {
                        for (int a = 0; a < uuids.size(); a++) {
                            // The GPU keeps power and temperature but no utilization; each slice 50 %.
                            boolean slice = model.rows().get(a).isSlice();
                            past.put(a, m, slice ? 50 : Float.NaN, slice ? Float.NaN : 400, slice ? Float.NaN : 55);
                        }
                    }
                    return past;
                },
                Runnable::run);
        model.showNode("gpu-h1-a02-n4"); // its last two GPUs in MIG mode

        model.update(site.telemetry(), NOW);

        List<GpuRow> rows = model.rows();
        int sliced = -1;
        for (int r = 0; r < rows.size() - 1; r++) {
            if (!rows.get(r).isSlice() && rows.get(r + 1).isSlice()) {
                sliced = r;
                break;
            }
        }
        assertThat(sliced).as("a GPU with slices").isNotNegative();
        float sum = 0;
        var layout = site.layout();
        for (int r = sliced + 1; r < rows.size() && rows.get(r).isSlice(); r++) {
            sum += 50
                    * layout.peakTflops(rows.get(r).slot())
                    / layout.peakTflops(rows.get(sliced).slot());
        }
        assertThat(value(sliced, Metric.UTILIZATION, 0)).isCloseTo(sum, org.assertj.core.data.Offset.offset(0.01f));
        assertThat(value(sliced, Metric.POWER, 0)).isEqualTo(400f);
    }
}

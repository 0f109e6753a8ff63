package io.headroom.views.showback;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.showback.ShowbackGrouping;
import io.headroom.core.showback.ShowbackLine;
import io.headroom.core.showback.ShowbackPeriod;
import io.headroom.core.showback.UsageAnswer;
import io.headroom.core.showback.UsageUnavailableException;
import io.headroom.views.Messages;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ShowbackViewModelTest {

    private final ShowbackScenario fleet = new ShowbackScenario();
    private final ShowbackViewModel model =
            new ShowbackViewModel(fleet, new Messages(Locale.US), ShowbackScenario.clock(), Runnable::run);

    @Test
    void asksForTheLastWholeDaysAndSortsEachDayByHeldIdle() {
        model.reload();
        var query = fleet.asked.getFirst();
        assertThat(Instant.ofEpochMilli(query.toMs())).isEqualTo(Instant.parse("2026-12-06T00:00:00Z"));
        assertThat(Instant.ofEpochMilli(query.fromMs())).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
        assertThat(query.grouping()).isEqualTo(ShowbackGrouping.TENANT);
        // Seven days of four lines; each day starts with the most held idle.
        assertThat(model.lines()).hasSize(28);
        assertThat(model.lines().subList(0, 4))
                .extracting(ShowbackLine::key)
                .containsExactly("notebooks", "chem", "physics", "");
        // Allocated: physics 5 x 1480 + 2 x 1300, notebooks 7 x 360, chem 7 x 192 = 13,864 GPU-h;
        // held idle 1200 + 2100 + 672 = 3972, 28.6 % of it.
        assertThat(model.status().get())
                .isEqualTo("4 groups \u00b7 13,864.0 GPU-h allocated \u00b7 28.6% of it held idle");
        assertThat(model.gaps().get())
                .isEqualTo("1 gap in the history, unknown (not idle): gpu-b07-n03: agent unreachable");
    }

    @Test
    void aWeekPutsTheDaysTogether() {
        model.period().set(ShowbackPeriod.WEEK);
        model.reload();
        // 29 Nov is a Sunday: two ISO weeks.
        assertThat(model.lines().stream().map(ShowbackLine::periodStartMs).distinct())
                .containsExactly(
                        Instant.parse("2026-11-23T00:00:00Z").toEpochMilli(),
                        Instant.parse("2026-11-30T00:00:00Z").toEpochMilli());
    }

    @Test
    void aFailureIsNamedAndTheLinesStay() {
        model.reload();
        var failing = new ShowbackViewModel(
                q -> CompletableFuture.<UsageAnswer>failedFuture(
                        new UsageUnavailableException("no agent answered for history: 10.0.0.1:50051: unreachable")),
                new Messages(Locale.US),
                ShowbackScenario.clock(),
                Runnable::run);
        failing.reload();
        assertThat(failing.status().get())
                .isEqualTo("Could not get the history: no agent answered for history: 10.0.0.1:50051: unreachable");
        assertThat(failing.lines()).isEmpty();
    }

    @Test
    void aNewChoiceCancelsTheRequestStillOut() {
        var never = new CompletableFuture<UsageAnswer>();
        var slow = new ShowbackViewModel(q -> never, new Messages(Locale.US), ShowbackScenario.clock(), Runnable::run);
        slow.reload();
        slow.reload();
        assertThat(never).isCancelled();
    }

    @Test
    void csvInChineseHasTheByteOrderMarkAndPlainFigures() throws Exception {
        var chinese = new ShowbackViewModel(
                fleet, new Messages(Locale.SIMPLIFIED_CHINESE), ShowbackScenario.clock(), Runnable::run);
        chinese.reload();
        var out = new ByteArrayOutputStream();
        chinese.text().csv(chinese.showback().get()).write(out);
        String csv = out.toString(StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFF时段,租户,已分配卡时,忙碌卡时,占而未用卡时,占而未用比例,");
        // notebooks on 29 Nov: 60 busy + 300 held idle = 360 allocated, 300/360 held idle, 16 x 989 TFLOPS.
        assertThat(csv)
                .contains("\r\n2026-11-29,notebooks,360.00,60.00,300.00,0.8333,0.00,0.00,0.00,24.00,0.00,356.04,");
        // Nobody's free GPUs: no share (empty, not 0) and no peak (empty PFLOPS-h, 240 GPU-h without one).
        assertThat(csv).contains("\r\n2026-11-29,（无人）,0.00,0.00,0.00,,240.00,24.00,24.00,0.00,0.00,,,,240.00\r\n");
    }
}

package io.headroom.views.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.history.BackfillProgress;
import io.headroom.views.Messages;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** What the bar and the Idle by hour page say while the console fills its history, in both languages. */
class BackfillTextTest {

    @Test
    void countsHoursWhileFillingAndSaysNothingOnceDone() {
        var progress = new BackfillProgress();
        var en = new Messages(Locale.US);
        assertThat(BackfillText.of(progress, en)).isEmpty();
        progress.begin();
        progress.planned(720);
        for (int i = 0; i < 12; i++) {
            progress.periodDone();
        }
        assertThat(BackfillText.of(progress, en)).isEqualTo("Filling history: 12 of 720 hours");
        assertThat(BackfillText.of(progress, new Messages(Locale.SIMPLIFIED_CHINESE)))
                .isEqualTo("正在补全历史：12 / 720 小时");
        progress.end(BackfillProgress.Phase.DONE);
        assertThat(BackfillText.of(progress, en)).isEmpty();
        assertThat(progress.total()).isZero();
    }

    @Test
    void anInterruptedFillSaysItGoesOnAndKeepsItsCount() {
        var progress = new BackfillProgress();
        progress.begin();
        progress.planned(100);
        progress.periodDone();
        progress.dropped(99);
        progress.end(BackfillProgress.Phase.INTERRUPTED);
        assertThat(BackfillText.of(progress, new Messages(Locale.US)))
                .startsWith("History filling paused at 1 of 1 hours");
    }

    @Test
    void twoAgentsFillingTogetherEndWithTheWorseOutcome() {
        var progress = new BackfillProgress();
        progress.begin();
        progress.begin();
        progress.end(BackfillProgress.Phase.INTERRUPTED);
        assertThat(progress.phase()).isEqualTo(BackfillProgress.Phase.FILLING);
        progress.end(BackfillProgress.Phase.DONE);
        assertThat(progress.phase()).isEqualTo(BackfillProgress.Phase.INTERRUPTED);
    }
}

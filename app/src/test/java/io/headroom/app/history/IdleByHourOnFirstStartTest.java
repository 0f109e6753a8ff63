package io.headroom.app.history;

import static io.headroom.app.ConsoleExtension.onFx;
import static io.headroom.app.ConsoleExtension.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.app.ConsoleApp;
import io.headroom.app.ConsoleExtension;
import io.headroom.core.history.BackfillProgress;
import io.headroom.themes.Theme;
import io.headroom.views.Screenshots;
import io.headroom.views.history.Grouping;
import io.headroom.views.history.HistoryRange;
import java.time.Duration;
import java.util.Locale;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console on its embedded simulated fleet, started on a fresh profile as a new user would:
 * Idle by hour shows the simulator's past (filled from it over gRPC) without waiting an hour.
 */
class IdleByHourOnFirstStartTest {

    @RegisterExtension
    final ConsoleExtension console = ConsoleExtension.startedByTest().gpus(128);

    @Test
    void idleByHourHasTheFleetsPastOnFirstStart() throws Exception {
        ConsoleApp app = console.theme(Theme.LAPTOP_LIGHT).locale(Locale.US).start();
        BackfillProgress progress = app.live().backfillProgress();
        Awaitility.await("the history filled from the simulator")
                .atMost(Duration.ofMinutes(2))
                .until(() -> progress.phase() == BackfillProgress.Phase.DONE);
        var page = onFx(() -> {
            app.view().showTab(5);
            app.view().history().choose(Grouping.RACK, HistoryRange.WEEK);
            app.view().history().reloadNow();
            return app.view().history();
        });
        var grid = onFx(page::grid);
        assertThat(grid.groups()).as("racks with history").isNotEmpty();
        assertThat(grid.hours()).as("a week of closed hours").isGreaterThanOrEqualTo(7 * 24 - 2);
        waitFor("the page painted", () -> onFx(() -> page.getWidth() > 0));
        Screenshots.write(onFx(() -> app.view().getScene().snapshot(null)), "idle-by-hour-first-start-test.png");
    }
}

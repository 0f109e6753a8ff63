package io.headroom.app.history;

import static io.headroom.app.ConsoleExtension.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.app.ConsoleApp;
import io.headroom.app.ConsoleExtension;
import io.headroom.themes.Theme;
import io.headroom.views.Screenshots;
import io.headroom.views.history.Grouping;
import io.headroom.views.history.HistoryRange;
import java.time.Duration;
import java.util.Locale;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The picture in docs/console.md: the README's command (the embedded fleet of 10,240 GPUs) on a
 * fresh profile, Idle by hour a minute or two after the first start. Takes minutes on a busy
 * machine, so it runs only when asked:
 * {@code ./mvnw -pl app -am test -Dtest=IdleByHourFirstStartPicture -Dheadroom.docPictures=true -Dsurefire.failIfNoSpecifiedTests=false};
 * the picture is app/target/screenshots/idle-by-hour-first-start.png. What it shows on a small
 * fleet is tested in {@link IdleByHourOnFirstStartTest}, which always runs.
 */
@EnabledIfSystemProperty(named = "headroom.docPictures", matches = "true")
class IdleByHourFirstStartPicture {

    @RegisterExtension
    final ConsoleExtension console = ConsoleExtension.startedByTest().gpus(10_240);

    @Test
    void theReadmesCommandOnFirstStart() throws Exception {
        ConsoleApp app = console.theme(Theme.LAPTOP_LIGHT).locale(Locale.US).start();
        patiently(() -> {
            app.view().showTab(5);
            app.view().history().choose(Grouping.RACK, HistoryRange.WEEK);
            return null;
        });
        // The newest hours come first: a week is in once the progress has passed 7 x 24 hours.
        Awaitility.await("a week of history filled")
                .atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> app.live().backfillProgress().done() >= 7 * 24 + 2);
        Thread.sleep(6_000); // the page reloads every few seconds while hours arrive
        var grid = patiently(() -> {
            app.view().history().reloadNow();
            return app.view().history().grid();
        });
        assertThat(grid.groups()).isNotEmpty();
        Screenshots.write(patiently(() -> app.view().getScene().snapshot(null)), "idle-by-hour-first-start.png");
        patiently(() -> {
            app.view().showTab(0);
            return null;
        });
        Thread.sleep(3_000);
        Screenshots.write(patiently(() -> app.view().getScene().snapshot(null)), "overview-first-start.png");
    }

    /** On the FX thread, allowing it the minutes a 10,240-GPU console takes to settle on a loaded machine. */
    private static <T> T patiently(java.util.concurrent.Callable<T> read) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                return onFx(read);
            } catch (java.util.concurrent.TimeoutException e) {
                if (attempt == 20) {
                    throw e;
                }
            }
        }
    }
}

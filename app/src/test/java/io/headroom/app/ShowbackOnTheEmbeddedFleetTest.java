package io.headroom.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.core.showback.ShowbackGrouping;
import io.headroom.core.showback.ShowbackLine;
import io.headroom.core.showback.ShowbackPeriod;
import io.headroom.themes.Theme;
import io.headroom.views.Screenshots;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console on its embedded simulated fleet, as `headroom` with no agent starts it: showback by
 * user names the people whose jobs, pods and notebooks held the GPUs in the simulator's past,
 * with the time nobody held them on a line of its own; a picture of it.
 */
class ShowbackOnTheEmbeddedFleetTest {

    @RegisterExtension
    final ConsoleExtension console = ConsoleExtension.startedByTest().gpus(2048).inMemory();

    /** The console starting its embedded fleet keeps the FX thread busy for a while on a loaded machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Test
    void showbackByUserNamesThePeopleWhoHeldTheGpus() throws Exception {
        ConsoleApp app = console.theme(Theme.LAPTOP_LIGHT).locale(Locale.US).start();
        var page = fx(() -> {
            app.view().showShowback();
            var view = app.view().showback();
            view.model().period().set(ShowbackPeriod.WEEK);
            view.model().grouping().set(ShowbackGrouping.USER);
            view.model().reload();
            return view;
        });
        await("showback by user from the simulator's past")
                .atMost(PATIENCE)
                .ignoreExceptions()
                .until(() -> fx(() ->
                        page.table().getItems().stream().anyMatch(l -> !l.key().isEmpty())));
        List<ShowbackLine> lines = fx(() -> List.copyOf(page.table().getItems()));
        assertThat(lines.stream()
                        .map(ShowbackLine::key)
                        .filter(k -> !k.isEmpty())
                        .distinct())
                .as("several people, not only nobody")
                .hasSizeGreaterThan(5);
        assertThat(lines)
                .filteredOn(l -> !l.key().isEmpty())
                .anySatisfy(l -> assertThat(l.hours().heldIdle()).isPositive())
                .allSatisfy(l -> assertThat(l.hours().free()).isZero());
        Screenshots.write(fx(() -> app.view().getScene().snapshot(null)), "showback-by-user-embedded-laptop-light.png");
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }
}

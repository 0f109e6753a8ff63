package io.headroom.views.holders;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.Screenshots;
import io.headroom.views.live.FleetFeed;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Pictures of the Idle holders page, the two-node job picked, in both themes and in Chinese. */
@ExtendWith(ApplicationExtension.class)
class IdleHoldersScreenshotTest {

    @Start
    void start(Stage stage) {
        // Snapshots need the toolkit, not a window.
    }

    @Test
    void dark() throws Exception {
        shoot(Theme.WALL_DARK, Locale.US, "idle-holders-dark.png");
    }

    @Test
    void light() throws Exception {
        shoot(Theme.LAPTOP_LIGHT, Locale.US, "idle-holders-light.png");
    }

    @Test
    void chinese() throws Exception {
        shoot(Theme.LAPTOP_LIGHT, Locale.SIMPLIFIED_CHINESE, "idle-holders-zh-CN.png");
    }

    private static void shoot(Theme theme, Locale locale, String file) throws Exception {
        var scenario = new HolderScenario();
        FleetFeed feed = new FleetFeed(
                scenario.fleet.state,
                new IdleClassifier(IdleThresholds.DEFAULTS),
                () -> Instant.ofEpochMilli(HolderScenario.NOW));
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> {
                    var messages = new Messages(locale);
                    var view = new IdleHoldersView(feed, scenario.workloads, messages, ZoneOffset.UTC);
                    // An operator's buttons, as the console offers them when the agents let it act.
                    var operations = new io.headroom.views.operations.NodeOperations(
                            messages,
                            new io.headroom.views.operations.QuietDesk(),
                            () -> null,
                            java.time.Clock.systemUTC());
                    var layout = scenario.fleet.telemetry().layout();
                    view.setActionsFor((workload, label) -> operations.workloadActions(
                            workload,
                            label,
                            layout.node(layout.nodeIndex(
                                    workload.holdings().getFirst().hostname())),
                            () -> 1));
                    view.show(feed.refreshNow());
                    WritableImage shot = Screenshots.snapshot(view, theme, 1600, 900, v -> {
                        v.table().getSelectionModel().select(0);
                        v.show(feed.refreshNow());
                    });
                    assertThat(view.model().rows()).hasSize(6);
                    view.dispose();
                    return shot;
                })
                .get();
        Screenshots.write(image, file);
    }
}

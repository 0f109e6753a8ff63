package io.headroom.views.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SiteFleet;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.Screenshots;
import io.headroom.views.live.FleetFeed;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pictures of the node detail after 15 minutes of samples, for people to judge: an H100
 * server with two GPUs in MIG mode, one running hot and one with ECC errors, and two actions
 * such as the app would offer.
 */
@ExtendWith(ApplicationExtension.class)
class NodeDetailScreenshotTest {

    // Node 11 of the site: in rack H1-A02, H100s, the last two GPUs sliced.
    private static final String HOST = "gpu-h1-a02-n4";

    @Start
    void start(Stage stage) {
        // Snapshots need the toolkit, not a window.
    }

    @Test
    void laptopLight() throws Exception {
        shoot(Theme.LAPTOP_LIGHT, Locale.US, "node-detail-laptop-light.png");
    }

    @Test
    void wallDark() throws Exception {
        shoot(Theme.WALL_DARK, Locale.US, "node-detail-wall-dark.png");
    }

    @Test
    void laptopLightInChinese() throws Exception {
        shoot(Theme.LAPTOP_LIGHT, Locale.SIMPLIFIED_CHINESE, "node-detail-laptop-light-zh-CN.png");
    }

    private static void shoot(Theme theme, Locale locale, String file) throws Exception {
        SiteFleet site = SiteFleet.build(1, 10).role(HOST, SiteFleet.Role.HOT_GPU_AND_ECC);
        AtomicLong clock = new AtomicLong(SiteFleet.NOW);
        FleetFeed feed = new FleetFeed(
                site.state, new IdleClassifier(IdleThresholds.DEFAULTS), () -> Instant.ofEpochMilli(clock.get()));
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> {
                    Messages messages = new Messages(locale);
                    NodeDetailView view = new NodeDetailView(feed, messages);
                    view.showNode(HOST);
                    // What the app might offer; the view itself has no actions of its own.
                    boolean chinese = locale.getLanguage().equals("zh");
                    view.setActions(List.of(
                            new NodeAction(chinese ? "排空…" : "Drain…", () -> {}),
                            new NodeAction(chinese ? "重新切分 MIG…" : "Re-slice MIG…", () -> {})));
                    for (int second = 0; second < NodeDetailViewModel.HISTORY_POINTS; second++) {
                        clock.set(SiteFleet.NOW + second * 1000L);
                        site.write(clock.get());
                        view.show(feed.refreshNow());
                    }
                    WritableImage shot = Screenshots.snapshot(view, theme, 1600, 900, v -> {});
                    assertThat(view.model().historySize()).isEqualTo(NodeDetailViewModel.HISTORY_POINTS);
                    view.dispose();
                    return shot;
                })
                .get();
        Screenshots.write(image, file);
    }
}

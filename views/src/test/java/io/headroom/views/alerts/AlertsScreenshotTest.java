package io.headroom.views.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.alerts.InMemoryAcknowledgements;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SiteFleet;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.Screenshots;
import io.headroom.views.live.FleetFeed;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Pictures of the alert list on the 160-rack site after a few minutes, one alert acknowledged. */
@ExtendWith(ApplicationExtension.class)
class AlertsScreenshotTest {

    @Start
    void start(Stage stage) {
        // Snapshots need the toolkit, not a window.
    }

    @Test
    void wallDark() throws Exception {
        shoot(Theme.WALL_DARK, Locale.US, "alerts-wall-dark.png");
    }

    @Test
    void laptopLight() throws Exception {
        shoot(Theme.LAPTOP_LIGHT, Locale.US, "alerts-laptop-light.png");
    }

    @Test
    void wallDarkInChinese() throws Exception {
        shoot(Theme.WALL_DARK, Locale.SIMPLIFIED_CHINESE, "alerts-wall-dark-zh-CN.png");
    }

    private static void shoot(Theme theme, Locale locale, String file) throws Exception {
        SiteFleet site = SiteFleet.build(4, 40);
        AtomicLong clock = new AtomicLong(SiteFleet.NOW - 7 * 60_000);
        FleetFeed feed = new FleetFeed(
                site.state, new IdleClassifier(IdleThresholds.DEFAULTS), () -> Instant.ofEpochMilli(clock.get()));
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> {
                    AlertsView view = new AlertsView(feed, new Messages(locale), new InMemoryAcknowledgements());
                    // Alerts seen seven, three and zero minutes ago, so that "For" says something.
                    for (long at : new long[] {SiteFleet.NOW - 7 * 60_000, SiteFleet.NOW - 3 * 60_000, SiteFleet.NOW}) {
                        if (at == SiteFleet.NOW - 3 * 60_000) {
                            site.role("gpu-h2-a06-n3", SiteFleet.Role.HOT_GPU);
                        } else if (at == SiteFleet.NOW) {
                            site.role("gpu-h3-c05-n4", SiteFleet.Role.XID_79);
                        }
                        clock.set(at);
                        site.write(at);
                        view.show(feed.refreshNow());
                    }
                    view.model().showAcknowledgedProperty().set(true);
                    view.model().acknowledge(view.model().rows().get(4));
                    WritableImage shot = Screenshots.snapshot(
                            view,
                            theme,
                            1600,
                            900,
                            v -> v.table().getSelectionModel().select(1));
                    assertThat(view.model().rows().size()).isGreaterThan(20);
                    view.dispose();
                    return shot;
                })
                .get();
        Screenshots.write(image, file);
    }
}

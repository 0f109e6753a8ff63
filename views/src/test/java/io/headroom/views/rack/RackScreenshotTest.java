package io.headroom.views.rack;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SiteFleet;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.Screenshots;
import io.headroom.views.live.FleetFeed;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Pictures of the rack elevation for people to judge, in each theme and at 100,000 GPUs. */
@ExtendWith(ApplicationExtension.class)
class RackScreenshotTest {

    @Start
    void start(Stage stage) {
        // Snapshots need the toolkit, not a window.
    }

    @Test
    void wallDark() throws Exception {
        shoot(SiteFleet.build(4, 40), Theme.WALL_DARK, Locale.US, "rack-elevation-wall-dark.png", "gpu-h1-b04-n6");
    }

    @Test
    void laptopLight() throws Exception {
        shoot(
                SiteFleet.build(4, 40),
                Theme.LAPTOP_LIGHT,
                Locale.US,
                "rack-elevation-laptop-light.png",
                "gpu-h1-b04-n6");
    }

    @Test
    void wallDarkInChinese() throws Exception {
        shoot(
                SiteFleet.build(4, 40),
                Theme.WALL_DARK,
                Locale.SIMPLIFIED_CHINESE,
                "rack-elevation-wall-dark-zh-CN.png",
                "gpu-h1-b04-n6");
    }

    @Test
    void aHundredThousandGpus() throws Exception {
        shoot(
                SiteFleet.build(4, 391),
                Theme.WALL_DARK,
                Locale.US,
                "rack-elevation-100k-wall-dark.png",
                "gpu-h3-t04-n6");
    }

    private static void shoot(SiteFleet site, Theme theme, Locale locale, String file, String selected)
            throws Exception {
        site.write(SiteFleet.NOW);
        FleetFeed feed = new FleetFeed(
                site.state,
                new IdleClassifier(IdleThresholds.DEFAULTS),
                InstantSource.fixed(Instant.ofEpochMilli(SiteFleet.NOW)));
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> {
                    RackElevationView view = new RackElevationView(feed, new Messages(locale), node -> {});
                    view.show(feed.refreshNow());
                    WritableImage shot = Screenshots.snapshot(
                            view,
                            theme,
                            1600,
                            900,
                            v -> v.showNode(site.layout().nodeIndex(selected)));
                    assertThat(view.pixelsPerU()).isGreaterThanOrEqualTo(3);
                    view.dispose();
                    return shot;
                })
                .get();
        Screenshots.write(image, file);
    }
}

package io.headroom.views.wall;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.alerts.InMemoryAcknowledgements;
import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.AgentStatus;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SiteFleet;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.Screenshots;
import io.headroom.views.alerts.AlertsView;
import io.headroom.views.live.FleetFeed;
import io.headroom.views.overview.OverviewPage;
import io.headroom.views.rack.RackElevationView;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The wall as a NOC would mount it: the overview's tiles, the heatmap, racks and alerts in
 * turn; live, and after its agents went away.
 */
@ExtendWith(ApplicationExtension.class)
class WallScreenshotTest {

    private static final String AGENT = "relay-h1.dc-sh1:7443";

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage; // TilesFX lays a tile out only in a showing window
    }

    @Test
    void liveOnTheOverviewTiles() throws Exception {
        shoot(AgentHealth.ONLINE, SiteFleet.NOW, 0, "wall-overview-wall-dark.png");
    }

    @Test
    void liveOnTheRackPage() throws Exception {
        shoot(AgentHealth.ONLINE, SiteFleet.NOW, 2, "wall-rotation-wall-dark.png");
    }

    @Test
    void offlineOnTheHeatmapPage() throws Exception {
        shoot(AgentHealth.UNREACHABLE, SiteFleet.NOW + 130_000, 1, "wall-rotation-offline-wall-dark.png");
    }

    private void shoot(AgentHealth health, long now, int page, String file) throws Exception {
        SiteFleet site = SiteFleet.build(4, 40).write(SiteFleet.NOW);
        InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(now));
        IdleClassifier classifier = new IdleClassifier(IdleThresholds.DEFAULTS);
        ConnectionBoard board = new ConnectionBoard(List.of(AGENT));
        board.update(new AgentStatus(
                AGENT,
                health,
                health == AgentHealth.ONLINE ? "" : "connection refused",
                health == AgentHealth.ONLINE ? null : Instant.ofEpochMilli(now + 8_000),
                Instant.ofEpochMilli(SiteFleet.NOW),
                1_280));
        FleetFeed feed = new FleetFeed(site.state, classifier, clock);
        Messages messages = new Messages(Locale.US);
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> {
                    OverviewPage overview = new OverviewPage(site.state, classifier, board, clock, Locale.US);
                    RackElevationView racks = new RackElevationView(feed, messages, node -> {});
                    AlertsView alerts = new AlertsView(feed, messages, new InMemoryAcknowledgements());
                    WallRotation wall = new WallRotation(
                            List.of(overview, racks, alerts),
                            Duration.ofSeconds(20),
                            overview.connection(),
                            messages,
                            clock);
                    overview.refreshNow();
                    racks.show(feed.refreshNow());
                    alerts.show(feed.latest());
                    for (int tick = 0; tick <= page; tick++) {
                        wall.tick(now + tick * 20_000L);
                    }
                    assertThat(wall.currentPage()).isEqualTo(page);
                    assertThat(wall.bannerShowing()).isEqualTo(health != AgentHealth.ONLINE);
                    javafx.scene.Scene scene = new javafx.scene.Scene(wall, 1600, 900);
                    scene.getStylesheets().setAll(Theme.WALL_DARK.stylesheet());
                    stage.setScene(scene);
                    stage.show();
                    for (int pass = 0;
                            pass < 2;
                            pass++) { // TilesFX places its text from size listeners in the first pass
                        wall.applyCss();
                        wall.layout();
                    }
                    WritableImage shot = scene.snapshot(null);
                    stage.hide();
                    wall.dispose();
                    overview.dispose();
                    racks.dispose();
                    alerts.dispose();
                    return shot;
                })
                .get();
        Screenshots.write(image, file);
    }
}

package io.headroom.views.wall;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.AgentStatus;
import io.headroom.views.Messages;
import io.headroom.views.connection.ConnectionBarViewModel;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The wall's clock is driven by hand: no sleeping, no waiting for real seconds. */
@ExtendWith(ApplicationExtension.class)
class WallRotationTest {

    private static final long T0 = 1_760_000_000_000L;
    private static final String AGENT = "relay:7443";

    private Label overview;
    private Label heatmap;
    private Label alerts;
    private ConnectionBarViewModel link;
    private WallRotation wall;

    @Start
    void start(Stage stage) {
        overview = new Label("overview");
        heatmap = new Label("heatmap");
        alerts = new Label("alerts");
        link = new ConnectionBarViewModel(new Messages(Locale.US));
        online(T0 - 300);
        // A clock that never moves: only the test's own ticks advance the wall.
        wall = new WallRotation(
                List.of(overview, heatmap, alerts),
                Duration.ofSeconds(30),
                link,
                new Messages(Locale.US),
                InstantSource.fixed(Instant.ofEpochMilli(T0)));
        stage.setScene(new Scene(wall, 800, 600));
        stage.show();
    }

    private void online(long newestSample) {
        link.update(
                List.of(new AgentStatus(AGENT, AgentHealth.ONLINE, "", null, Instant.ofEpochMilli(T0), 4)),
                newestSample,
                T0,
                3_000);
    }

    @Test
    void eachPageGetsItsIntervalThenTheNext(FxRobot robot) {
        robot.interact(() -> wall.tick(T0));
        assertThat(wall.currentPage()).isZero();
        assertThat(overview.isVisible()).isTrue();
        assertThat(heatmap.isVisible()).isFalse();

        robot.interact(() -> wall.tick(T0 + 29_000));
        assertThat(wall.currentPage()).isZero();
        robot.interact(() -> wall.tick(T0 + 30_000));
        assertThat(wall.currentPage()).isEqualTo(1);
        assertThat(heatmap.isVisible()).isTrue();
        assertThat(overview.isVisible()).isFalse();
        robot.interact(() -> wall.tick(T0 + 60_000));
        robot.interact(() -> wall.tick(T0 + 90_000));
        assertThat(wall.currentPage()).as("back to the first").isZero();
    }

    /** A console shown as tiles on one turn and as the heatmap on the next, by a page that holds both. */
    private static final class TwoPartPage extends javafx.scene.layout.StackPane implements WallParts {
        final java.util.List<Integer> shown = new java.util.ArrayList<>();

        @Override
        public int wallParts() {
            return 2;
        }

        @Override
        public void showWallPart(int part) {
            shown.add(part);
        }
    }

    @Test
    void aPageWithTwoPartsTakesTwoTurns(FxRobot robot) {
        TwoPartPage console = new TwoPartPage();
        Label racks = new Label("racks");
        WallRotation twoParts = new WallRotation(
                List.of(console, racks),
                Duration.ofSeconds(30),
                link,
                new Messages(Locale.US),
                InstantSource.fixed(Instant.ofEpochMilli(T0)));
        robot.interact(() -> {
            twoParts.tick(T0);
            twoParts.tick(T0 + 30_000);
        });
        assertThat(twoParts.currentPage()).isEqualTo(1);
        assertThat(console.isVisible()).isTrue();
        assertThat(racks.isVisible()).isFalse();
        robot.interact(() -> twoParts.tick(T0 + 60_000));
        assertThat(twoParts.currentPage()).isEqualTo(2);
        assertThat(console.isVisible()).isFalse();
        assertThat(racks.isVisible()).isTrue();
        robot.interact(() -> twoParts.tick(T0 + 90_000));
        assertThat(console.shown).as("parts shown, in turn").containsExactly(0, 1, 0);
        robot.interact(twoParts::dispose);
    }

    @Test
    void everyFewMinutesTheContentMovesAFewPixels(FxRobot robot) {
        robot.interact(() -> wall.tick(T0));
        assertThat(wall.contentShift()).isEqualTo(new Point2D(0, 0));

        robot.interact(() -> wall.tick(T0 + 179_000));
        assertThat(wall.contentShift()).isEqualTo(new Point2D(0, 0));
        robot.interact(() -> wall.tick(T0 + 180_000));
        Point2D first = wall.contentShift();
        robot.interact(() -> wall.tick(T0 + 360_000));
        Point2D second = wall.contentShift();

        assertThat(first).isNotEqualTo(new Point2D(0, 0)).isNotEqualTo(second);
        assertThat(Math.max(Math.abs(second.getX()), Math.abs(second.getY()))).isLessThanOrEqualTo(4);
    }

    @Test
    void aBannerSaysSoWhenTheDataIsStaleOrOffline(FxRobot robot) {
        assertThat(wall.bannerShowing()).isFalse();

        robot.interact(() -> online(T0 - 45_000));
        assertThat(wall.bannerShowing()).isTrue();
        assertThat(wall.bannerText())
                .isEqualTo("DATA NOT LIVE \u00b7 Newest data 45 s ago \u00b7 what the wall shows may be out of date");

        robot.interact(() -> link.update(
                List.of(new AgentStatus(
                        AGENT,
                        AgentHealth.UNREACHABLE,
                        "connection refused",
                        null,
                        Instant.ofEpochMilli(T0 - 45_000),
                        0)),
                T0 - 45_000,
                T0,
                3_000));
        assertThat(wall.bannerText()).startsWith("OFFLINE \u00b7 no agent reachable");

        robot.interact(() -> online(T0 - 300));
        assertThat(wall.bannerShowing()).isFalse();
    }

    @Test
    void inChineseTheBannerIsChinese(FxRobot robot) {
        robot.interact(() -> {
            ConnectionBarViewModel chineseLink = new ConnectionBarViewModel(new Messages(Locale.SIMPLIFIED_CHINESE));
            WallRotation chinese = new WallRotation(
                    List.of(new Label("a")),
                    Duration.ofSeconds(30),
                    chineseLink,
                    new Messages(Locale.SIMPLIFIED_CHINESE),
                    InstantSource.fixed(Instant.ofEpochMilli(T0)));
            chineseLink.update(
                    List.of(new AgentStatus(AGENT, AgentHealth.UNREACHABLE, "connection refused", null, null, 0)),
                    0,
                    T0,
                    3_000);
            assertThat(chinese.bannerText()).startsWith("离线 · 无可达代理");
            chinese.dispose();
        });
    }

    @Test
    void aDisposedWallLetsGoOfTheConnectionModel(FxRobot robot) {
        WeakReference<WallRotation>[] removed = new WeakReference[1];
        robot.interact(() -> {
            WallRotation second = new WallRotation(
                    List.of(new Label("a"), new Label("b")),
                    Duration.ofSeconds(30),
                    link,
                    new Messages(Locale.US),
                    InstantSource.fixed(Instant.ofEpochMilli(T0)));
            second.dispose();
            removed[0] = new WeakReference<>(second);
        });
        assertThat(io.headroom.views.Collected.afterGc(removed[0]))
                .as("wall still reachable from the connection model")
                .isTrue();
    }
}

package io.headroom.views.overview;

import static org.assertj.core.api.Assertions.assertThat;

import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.skins.LeaderBoardItem;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.themes.Theme;
import io.headroom.views.Screenshots;
import io.headroom.views.holders.HolderScenario;
import io.headroom.views.live.FleetFeed;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The overview's leader board of the workloads wasting the most GPU-hours on idle GPUs, on the wall's grid too. */
@ExtendWith(ApplicationExtension.class)
class TopHoldersTileTest {

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage; // TilesFX lays a tile out only in a showing window
    }

    @Test
    void namesTheTopFiveByGpuHoursWastedAndSaysWhenAgentsDoNotReport() throws Exception {
        var scenario = new HolderScenario();
        FleetFeed feed = new FleetFeed(
                scenario.fleet.state,
                new IdleClassifier(IdleThresholds.DEFAULTS),
                () -> Instant.ofEpochMilli(HolderScenario.NOW));
        var page = WaitForAsyncUtils.asyncFx(() -> {
                    var overview = new OverviewPage(feed, Locale.US);
                    overview.refreshNow();
                    Tile tile = overview.tilesView().tile("tile-top-holders");
                    assertThat(tile.getLeaderBoardItems()).isEmpty();
                    assertThat(tile.getText()).isEqualTo("Agents do not report who holds GPUs");
                    overview.setWorkloads(scenario.workloads);
                    overview.tilesView().setArrangement(FleetTilesView.Arrangement.GRID);
                    var scene = new javafx.scene.Scene(overview, 1600, 900);
                    scene.getStylesheets().setAll(Theme.WALL_DARK.stylesheet());
                    stage.setScene(scene);
                    stage.show();
                    overview.refreshNow();
                    return overview;
                })
                .get();
        WaitForAsyncUtils.waitForFxEvents(10); // the leader board lays its items out over the next pulses
        List<String> names = WaitForAsyncUtils.asyncFx(() -> {
                    Screenshots.write(page.getScene().snapshot(null), "overview-top-holders-wall-dark.png");
                    page.dispose();
                    stage.hide();
                    return page.tilesView().tile("tile-top-holders").getLeaderBoardItems().stream()
                            .map(LeaderBoardItem::getName)
                            .toList();
                })
                .get();

        assertThat(names)
                .containsExactly(
                        "alice \u00b7 81234",
                        "bob \u00b7 81302",
                        "svc-llm \u00b7 llm-serve-7f9c",
                        "jdoe \u00b7 notebook-jdoe-0",
                        "carol \u00b7 81377");
    }
}

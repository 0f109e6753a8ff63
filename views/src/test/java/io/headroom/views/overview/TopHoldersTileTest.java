package io.headroom.views.overview;

import static org.assertj.core.api.Assertions.assertThat;

import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.skins.LeaderBoardItem;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.idle.IdleClassifier;
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

/** The overview's leader board of the workloads wasting the most GPU-hours on idle GPUs. */
@ExtendWith(ApplicationExtension.class)
class TopHoldersTileTest {

    @Start
    void start(Stage stage) {
        // The toolkit, not a window.
    }

    @Test
    void namesTheTopFiveByGpuHoursWastedAndSaysWhenAgentsDoNotReport() throws Exception {
        var scenario = new HolderScenario();
        FleetFeed feed = new FleetFeed(
                scenario.fleet.state,
                new IdleClassifier(IdleThresholds.DEFAULTS),
                () -> Instant.ofEpochMilli(HolderScenario.NOW));
        // No window: the board's items are the tile's, whatever its skin draws (the wall's screenshot shows it).
        List<String> names = WaitForAsyncUtils.asyncFx(() -> {
                    var overview = new OverviewPage(feed, Locale.US);
                    overview.refreshNow();
                    Tile tile = overview.tilesView().tile("tile-top-holders");
                    assertThat(tile.getLeaderBoardItems()).isEmpty();
                    assertThat(tile.getText()).isEqualTo("Agents do not report who holds GPUs");
                    overview.setWorkloads(scenario.workloads);
                    overview.refreshNow();
                    assertThat(tile.getText()).isEqualTo("GPU-hours wasted on idle GPUs");
                    overview.dispose();
                    return tile.getLeaderBoardItems().stream()
                            .map(LeaderBoardItem::getName)
                            .toList();
                })
                .get();

        assertThat(names)
                .containsExactly(
                        "alice \u00b7 81234",
                        "bob \u00b7 81302",
                        "svc-llm \u00b7 llm-serve-7\u2026", // cut to fit beside its figure
                        "jdoe \u00b7 notebook-jdoe-0",
                        "carol \u00b7 81377");
    }

    @Test
    void aLongHolderIsShortenedOnTheBoardRatherThanRunUnderItsFigure() {
        assertThat(FleetTilesView.boardName("a.kumar \u00b7 4018")).isEqualTo("a.kumar \u00b7 4018");
        String shortened = FleetTilesView.boardName("maria.garcia \u00b7 llama-70b-chat-5f8d9c");
        assertThat(shortened)
                .hasSize(FleetTilesView.BOARD_NAME_CHARS)
                .endsWith("\u2026")
                .startsWith("maria.garcia");
    }
}

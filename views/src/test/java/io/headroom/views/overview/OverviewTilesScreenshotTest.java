package io.headroom.views.overview;

import static org.assertj.core.api.Assertions.assertThat;

import eu.hansolo.tilesfx.Tile;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.Screenshots;
import io.headroom.views.WallFleet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The overview's tiles in a laptop's row (1280 px wide), in a headless window: with no data
 * every tile says so with a dash and no unit, in English and Chinese; at 100,000 GPUs no
 * value or unit runs past its tile's edge (the tile would clip it, as "PFLOF"). Writes PNGs
 * to {@code target/screenshots/}.
 */
@ExtendWith(ApplicationExtension.class)
class OverviewTilesScreenshotTest {

    private static final Set<String> UNITS = Set.of("%", "\u00b0C", "PFLOPS", "EFLOPS", "kW", "MW");
    private static final List<String> NUMBER_TILES =
            List.of("tile-idle-capacity", "tile-card-hours", "tile-inlet", "tile-alerts", "tile-stale-nodes");

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @Test
    void withNoDataEveryTileShowsADashAndNoStrayUnitInEnglish() throws Exception {
        assertEmpty(Locale.US, "overview-tiles-empty-laptop.png");
    }

    @Test
    void withNoDataEveryTileShowsADashAndNoStrayUnitInChinese() throws Exception {
        assertEmpty(Locale.SIMPLIFIED_CHINESE, "overview-tiles-empty-laptop-zh-CN.png");
    }

    @Test
    void aHundredThousandGpusFitTheirTiles() throws Exception {
        TestFleet fleet = WallFleet.build(8, 10, 40);
        FleetSummary summary =
                FleetSummary.of(fleet.telemetry(), new IdleClassifier(IdleThresholds.DEFAULTS), WallFleet.NOW);
        List<String> texts = shoot(
                Locale.US,
                "overview-tiles-100k-laptop.png",
                model -> {
                    model.update(summary, fleet.telemetry().layout());
                    model.updateRacks(fleet.telemetry(), summary, WallFleet.NOW, 3_000);
                    model.updateAlerts(428, 189);
                    model.updateCardHours(new CardHourUtilization(0.318, 0.342));
                },
                view -> {
                    for (Node slot : view.getChildrenUnmodifiable()) {
                        if (slot instanceof TileSlot tileSlot) {
                            assertInside(tileSlot.tile());
                        }
                    }
                });
        Messages messages = new Messages(Locale.US);
        for (io.headroom.core.idle.IdleState state : io.headroom.core.idle.IdleState.values()) {
            assertThat(texts).as("a bar for %s, inside its tile", state).contains(messages.stateName(state));
        }
        assertThat(texts).as("idle capacity in the larger unit").contains("EFLOPS");
        assertThat(texts).as("power in the larger unit").contains("MW");
    }

    @Test
    void aSmallFleetsFiguresShowInTheOperatorsDigits() throws Exception {
        long now = WallFleet.NOW;
        TestFleet fleet = TestFleet.of(1, 1, 2, 2, 4, 0);
        fleet.busy(0, now);
        fleet.heldIdle(1, now);
        fleet.freeIdle(2, now);
        fleet.stale(3, now);
        FleetSummary summary = FleetSummary.of(fleet.telemetry(), new IdleClassifier(IdleThresholds.DEFAULTS), now);
        shoot(
                Locale.GERMANY,
                "overview-tiles-small-de.png",
                model -> {
                    model.update(summary, fleet.telemetry().layout());
                    model.updateRacks(fleet.telemetry(), summary, now, 3_000);
                },
                view -> {
                    // 8 idle H100 at 989 TFLOPS; 4 x 640 + 4 x 85 + 4 x 70 W from the GPUs; (4 x 88 + 4 x 1) / 12 live
                    // GPUs
                    assertThat(visibleTexts(view.tile("tile-idle-capacity"))).contains("7,9", "PFLOPS");
                    assertThat(visibleTexts(view.tile("tile-power"))).contains("3,2");
                    assertThat(visibleTexts(view.tile("tile-utilization"))).contains("30");
                });
    }

    private void assertEmpty(Locale locale, String file) throws Exception {
        String dash = new Messages(locale).get("value.none");
        shoot(locale, file, model -> {}, view -> {
            for (String id : NUMBER_TILES) {
                List<String> shown = visibleTexts(view.tile(id));
                assertThat(shown).as("%s shows a dash", id).contains(dash);
                assertThat(shown).as("%s shows no bare unit", id).noneMatch(text -> UNITS.contains(text.strip()));
                assertThat(shown)
                        .as("%s shows no zero", id)
                        .noneMatch(text -> text.strip().matches("0([.,]0)?"));
            }
            for (String id : List.of("tile-utilization", "tile-power", "tile-gpus-by-state")) {
                List<String> shown = visibleTexts(view.tile(id));
                assertThat(shown).as("%s shows no bare unit", id).noneMatch(text -> UNITS.contains(text.strip()));
            }
            assertThat(visibleTexts(view.tile("tile-gpus-by-state")))
                    .as("no bars of zeros")
                    .contains(new Messages(locale).get("tile.no-gpus"));
        });
    }

    /** Lays the tiles out in a laptop's row, feeds them, checks them, and writes their picture; returns every text shown. */
    private List<String> shoot(
            Locale locale, String file, Consumer<FleetTilesViewModel> feed, Consumer<FleetTilesView> check)
            throws Exception {
        List<String> texts = new ArrayList<>();
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> {
                    FleetTilesViewModel model = new FleetTilesViewModel(new Messages(locale));
                    FleetTilesView view = new FleetTilesView(model);
                    // A laptop's window, the tiles' row as tall as the overview asks, the rest for the heatmap.
                    javafx.scene.layout.Region rest = new javafx.scene.layout.Region();
                    javafx.scene.layout.VBox page = new javafx.scene.layout.VBox(8, view, rest);
                    javafx.scene.layout.VBox.setVgrow(rest, javafx.scene.layout.Priority.ALWAYS);
                    page.setStyle("-fx-padding: 8;");
                    Scene scene = new Scene(page, 1280, 800);
                    scene.getStylesheets().setAll(Theme.LAPTOP_LIGHT.stylesheet());
                    stage.setScene(scene);
                    stage.show();
                    feed.accept(model);
                    for (int pass = 0; pass < 3; pass++) { // TilesFX places its text from size listeners
                        page.applyCss();
                        page.layout();
                    }
                    check.accept(view);
                    for (Node slot : view.getChildrenUnmodifiable()) {
                        if (slot instanceof TileSlot tileSlot) {
                            texts.addAll(visibleTexts(tileSlot.tile()).stream()
                                    .map(String::strip)
                                    .toList());
                            Bounds box =
                                    tileSlot.tile().localToScene(tileSlot.tile().getLayoutBounds());
                            collect(tileSlot.tile(), node -> {
                                if (node instanceof Text text
                                        && visible(text)
                                        && text.localToScene(text.getLayoutBounds())
                                                        .getMaxY()
                                                > box.getMaxY() + 0.5) {
                                    texts.remove(text.getText().strip()); // below the tile's edge: cut off
                                }
                            });
                        }
                    }
                    return view.snapshot(null, null); // the picture: just the row
                })
                .get();
        Screenshots.write(image, file);
        return texts;
    }

    /** The text of every visible, non-empty text node in the tile. */
    private static List<String> visibleTexts(Tile tile) {
        List<String> texts = new ArrayList<>();
        collect(tile, node -> {
            if (node instanceof Text text
                    && visible(text)
                    && text.getText() != null
                    && !text.getText().isBlank()) {
                texts.add(text.getText());
            }
        });
        return texts;
    }

    /** No visible text reaches past the tile's edges. */
    private static void assertInside(Tile tile) {
        Bounds box = tile.localToScene(tile.getLayoutBounds());
        collect(tile, node -> {
            if (node instanceof Text text
                    && visible(text)
                    && text.getText() != null
                    && !text.getText().isBlank()) {
                Bounds bounds = text.localToScene(text.getLayoutBounds());
                assertThat(bounds.getMinX())
                        .as("'%s' in %s starts inside", text.getText(), tile.getId())
                        .isGreaterThanOrEqualTo(box.getMinX() - 0.5);
                assertThat(bounds.getMaxX())
                        .as("'%s' in %s ends inside", text.getText(), tile.getId())
                        .isLessThanOrEqualTo(box.getMaxX() + 0.5);
                assertThat(bounds.getMaxY())
                        .as("'%s' in %s is above the bottom", text.getText(), tile.getId())
                        .isLessThanOrEqualTo(box.getMaxY() + 0.5);
            }
        });
    }

    private static boolean visible(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible() || n.getOpacity() == 0) {
                return false;
            }
        }
        return true;
    }

    private static void collect(Node node, Consumer<Node> each) {
        each.accept(node);
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                collect(child, each);
            }
        }
    }
}

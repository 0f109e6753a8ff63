package io.headroom.views.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.themes.MetricScale;
import io.headroom.themes.Palette;
import io.headroom.themes.Theme;
import io.headroom.views.Collected;
import io.headroom.views.DeclaredColours;
import io.headroom.views.Messages;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The "Idle by hour" page in a headless window over a history of known cells. */
@ExtendWith(ApplicationExtension.class)
class IdleHistoryViewTest {

    /** Half past ten: the last closed hour is 09:00-10:00. */
    private static final Instant NOW = Instant.parse("2026-03-09T10:30:00Z");

    private final List<Thread> askedOn = new CopyOnWriteArrayList<>();
    private final List<Grouping> askedFor = new CopyOnWriteArrayList<>();
    private IdleHistoryView view;
    private StackPane root;

    /** Rack r2 idles every night from 02:00 to 06:00; r1 never; r3 has no data. */
    private final IdleHistory history = (by, from, to) -> {
        askedOn.add(Thread.currentThread());
        askedFor.add(by);
        List<IdleHour> cells = new ArrayList<>();
        for (Instant hour = from; hour.isBefore(to); hour = hour.plusSeconds(3600)) {
            int hourOfDay = hour.atZone(ZoneOffset.UTC).getHour();
            cells.add(new IdleHour("r1", hour, 0.05, 0.01, 32));
            cells.add(new IdleHour("r2", hour, hourOfDay >= 2 && hourOfDay < 6 ? 0.9 : 0.1, 0.25, 32));
        }
        return cells;
    };

    @Start
    void start(Stage stage) {
        view = new IdleHistoryView(history, new Messages(Locale.US), InstantSource.fixed(NOW), ZoneOffset.UTC);
        root = new StackPane(view);
        Scene scene = new Scene(root, 1200, 500);
        scene.getStylesheets().setAll(Theme.WALL_DARK.stylesheet());
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void withNoClosedHourThePageSaysSoInItsMiddle(FxRobot robot) {
        robot.interact(() -> {
            view.choose(Grouping.RACK, HistoryRange.WEEK);
            view.reloadNow();
        });
        Label empty = robot.lookup("#history-empty").queryAs(Label.class);
        assertThat(empty.isVisible()).as("a history with hours").isFalse();

        var none = new IdleHistoryView(
                (by, from, to) -> List.of(), new Messages(Locale.US), InstantSource.fixed(NOW), ZoneOffset.UTC);
        robot.interact(() -> {
            root.getChildren().setAll(none);
            none.reloadNow();
        });
        WaitForAsyncUtils.waitForFxEvents();
        Label message = robot.lookup("#history-empty").queryAs(Label.class);
        assertThat(message.isVisible()).isTrue();
        assertThat(message.getText()).startsWith("No closed hour is kept for this range yet");
        Bounds shown = message.localToScene(message.getLayoutBounds());
        assertThat(shown.getWidth()).isPositive();
        assertThat(shown.getMinX()).as("within the window").isGreaterThanOrEqualTo(0);
        assertThat(shown.getMaxX()).isLessThanOrEqualTo(1200);
        none.dispose();
    }

    @Test
    void theCellUnderThePointerNamesItsGroupHourAndIdleShare(FxRobot robot) {
        robot.interact(() -> {
            view.choose(Grouping.RACK, HistoryRange.WEEK);
            view.reloadNow();
        });
        IdleGrid grid = view.grid();
        assertThat(grid.hours()).isEqualTo(168);
        assertThat(grid.hourStart(167)).as("the last closed hour").isEqualTo(Instant.parse("2026-03-09T09:00:00Z"));
        // 03:00 on 8 March is column 168 - 1 - (9 - 3) - 24 = 137.
        int column = 137;
        assertThat(grid.hourStart(column)).isEqualTo(Instant.parse("2026-03-08T03:00:00Z"));
        Point2D cell = view.cellCenter(1, column);
        assertThat(cell).isNotNull();

        robot.moveTo(view.localToScreen(cell));
        WaitForAsyncUtils.waitForFxEvents();

        Label hover = robot.lookup("#history-hover").queryAs(Label.class);
        assertThat(hover.isVisible()).isTrue();
        assertThat(hover.getText())
                .isEqualTo("Rack r2\nSun 8 Mar 03:00\u201304:00\n90.0% idle (25.0% held idle) \u00b7 32 GPUs");
    }

    @Test
    void switchingThemeRepaintsTheGridOnItsScale(FxRobot robot) throws Exception {
        robot.interact(() -> {
            view.choose(Grouping.RACK, HistoryRange.WEEK);
            view.reloadNow();
        });
        for (Theme theme : new Theme[] {Theme.LAPTOP_LIGHT, Theme.HIGH_CONTRAST, Theme.WALL_DARK}) {
            robot.interact(() -> root.getScene().getStylesheets().setAll(theme.stylesheet()));
            WaitForAsyncUtils.waitForFxEvents();
            int[] stops = Palette.SCALE.stream()
                    .mapToInt(stop -> DeclaredColours.argb(theme, stop))
                    .toArray();
            // Rack r2 at 03:00 on 8 March: 90 % idle.
            assertThat(WaitForAsyncUtils.asyncFx(() -> {
                                Point2D cell = view.cellCenter(1, 137);
                                javafx.scene.canvas.Canvas canvas =
                                        (javafx.scene.canvas.Canvas) view.getChildrenUnmodifiable().stream()
                                                .filter(n -> n instanceof javafx.scene.canvas.Canvas)
                                                .findFirst()
                                                .orElseThrow();
                                return canvas.snapshot(null, null)
                                        .getPixelReader()
                                        .getArgb((int) (cell.getX() - canvas.getLayoutX()), (int)
                                                (cell.getY() - canvas.getLayoutY()));
                            })
                            .get())
                    .as(theme.id())
                    .isEqualTo(new MetricScale(stops).argb(0.9f, 0, 1));
        }
    }

    @Test
    void theStoreIsReadOffTheFxThreadWhenShownAndOnEveryChoice(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> view.grid() != null);
        robot.interact(() -> view.choose(Grouping.POOL, HistoryRange.DAY));
        WaitForAsyncUtils.waitFor(
                10,
                java.util.concurrent.TimeUnit.SECONDS,
                () -> view.grid() != null
                        && view.grid().grouping() == Grouping.POOL
                        && view.grid().hours() == 24);

        assertThat(askedOn).isNotEmpty().noneMatch(t -> t.getName().contains("JavaFX Application Thread"));
        assertThat(askedFor).contains(Grouping.RACK, Grouping.POOL);
        assertThat(robot.lookup("#history-status").queryAs(Label.class).getText())
                .startsWith("2 rows \u00b7 24 hours");
    }

    @Test
    void aRemovedPageIsCollected(FxRobot robot) {
        robot.moveTo(new Point2D(990, 990)); // the scene remembers the node under the mouse
        java.util.concurrent.atomic.AtomicReference<IdleHistoryView> second =
                new java.util.concurrent.atomic.AtomicReference<>();
        robot.interact(() -> {
            second.set(new IdleHistoryView(history, new Messages(Locale.US), InstantSource.fixed(NOW), ZoneOffset.UTC));
            root.getChildren().setAll(second.get());
        });
        WaitForAsyncUtils.waitForFxEvents();
        WeakReference<IdleHistoryView> removed = new WeakReference<>(second.get());
        robot.interact(() -> {
            root.getChildren().clear();
            second.get().dispose();
            view.dispose();
        });
        second.set(null);
        assertThat(Collected.afterGc(removed))
                .as("idle history page still reachable after dispose")
                .isTrue();
    }
}

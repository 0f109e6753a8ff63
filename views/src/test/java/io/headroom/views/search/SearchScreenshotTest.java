package io.headroom.views.search;

import io.headroom.core.fleet.SiteFleet;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.Screenshots;
import java.util.Locale;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The search box with its list open, in each theme; the list is its own window, so the picture is put together. */
@ExtendWith(ApplicationExtension.class)
class SearchScreenshotTest {

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @Test
    void wallDark(FxRobot robot) throws Exception {
        shoot(robot, Theme.WALL_DARK, "search-wall-dark.png");
    }

    @Test
    void laptopLight(FxRobot robot) throws Exception {
        shoot(robot, Theme.LAPTOP_LIGHT, "search-laptop-light.png");
    }

    private void shoot(FxRobot robot, Theme theme, String file) throws Exception {
        SiteFleet site = SiteFleet.build(2, 40);
        SearchField[] search = new SearchField[1];
        robot.interact(() -> {
            search[0] = new SearchField(site.state, new Messages(Locale.US));
            VBox page = new VBox(search[0]);
            page.setPadding(new Insets(12));
            page.getStyleClass().add("hr-view");
            Scene scene = new Scene(page, 900, 420);
            scene.getStylesheets().setAll(theme.stylesheet());
            stage.setScene(scene);
            stage.show();
        });
        robot.clickOn("#search-field").write("gpu-h1-a0");
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> {
                    search[0].hitList().getSelectionModel().select(2);
                    WritableImage page = stage.getScene().snapshot(null);
                    WritableImage list = search[0].hitList().snapshot(null, null);
                    Bounds field =
                            search[0].field().localToScene(search[0].field().getBoundsInLocal());
                    // The list's picture includes its drop shadow, which reaches past its left and top edges.
                    Bounds drawn = search[0].hitList().getBoundsInParent();
                    double shadowX = drawn.getMinX() - search[0].hitList().getLayoutX();
                    double shadowY = drawn.getMinY() - search[0].hitList().getLayoutY();
                    return overlay(
                            page, list, (int) (field.getMinX() + shadowX), (int) (field.getMaxY() + 2 + shadowY));
                })
                .get();
        Screenshots.write(image, file);
    }

    private static WritableImage overlay(WritableImage page, WritableImage list, int x, int y) {
        WritableImage out = new WritableImage(page.getPixelReader(), (int) page.getWidth(), (int) page.getHeight());
        PixelReader pixels = list.getPixelReader();
        for (int row = 0; row < list.getHeight() && y + row < out.getHeight(); row++) {
            for (int column = 0; column < list.getWidth() && x + column < out.getWidth(); column++) {
                int argb = pixels.getArgb(column, row);
                if ((argb >>> 24) > 0 && x + column >= 0 && y + row >= 0) {
                    out.getPixelWriter().setArgb(x + column, y + row, argb);
                }
            }
        }
        return out;
    }
}

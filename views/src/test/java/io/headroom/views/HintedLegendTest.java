package io.headroom.views;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The hint beside the legend's items when there is room to read it, under them when there is not. */
@ExtendWith(ApplicationExtension.class)
class HintedLegendTest {

    private static final String HINT = "Click a server for its details, or point at it for its name";

    @Start
    void start(Stage stage) {
        // Layout needs the toolkit, not a window.
    }

    @Test
    void onAWideRowTheHintSitsBesideTheItems() throws Exception {
        Bounds[] items = new Bounds[2];
        Label hint = laidOut(1600, items);
        assertThat(hint.isTextTruncated()).isFalse();
        assertThat(hint.getBoundsInParent().getMinY()).isLessThan(items[0].getMaxY());
        assertThat(hint.getBoundsInParent().getMinX()).isGreaterThanOrEqualTo(items[1].getMaxX());
    }

    @Test
    void onANarrowRowTheHintMovesUnderTheItemsInsteadOfBecomingAColumnOfWords() throws Exception {
        Bounds[] items = new Bounds[2];
        Label hint = laidOut(760, items);
        assertThat(hint.isTextTruncated()).isFalse();
        assertThat(hint.getBoundsInParent().getMinY()).isGreaterThanOrEqualTo(items[0].getMaxY());
        assertThat(hint.getWidth()).as("the whole row's width").isGreaterThan(700);
        assertThat(hint.getParent().getBoundsInParent().getHeight())
                .as("the row holds it")
                .isGreaterThanOrEqualTo(hint.getBoundsInParent().getMaxY());
    }

    private static Label laidOut(double width, Bounds[] items) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
                    HintedLegend legend = new HintedLegend(HINT);
                    Label first = new Label("Outlined: inlet over 27 °C or power over 90% of budget");
                    Region second = new Region();
                    second.setPrefSize(500, 10);
                    second.setMinWidth(Region.USE_PREF_SIZE);
                    first.setMinWidth(Region.USE_PREF_SIZE);
                    legend.addItems(first, second);
                    VBox page = new VBox(legend);
                    new Scene(page, width, 300);
                    page.applyCss();
                    page.layout();
                    items[0] = first.getBoundsInParent();
                    items[1] = second.getBoundsInParent();
                    return (Label) legend.lookup(".hr-legend-hint");
                })
                .get();
    }
}

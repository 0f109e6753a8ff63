package io.headroom.views.overview;

import static org.assertj.core.api.Assertions.assertThat;

import eu.hansolo.tilesfx.Tile.SkinType;
import eu.hansolo.tilesfx.TileBuilder;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A tile fills its cell even past TilesFX's 1024 px: the leader board's two-row cell on a 4K wall. */
@ExtendWith(ApplicationExtension.class)
class TileSlotTest {

    @Start
    void start(Stage stage) {
        // Layout needs the toolkit, not a window (the headless screen is only 1000 px high).
    }

    @Test
    void aTileFillsACellTallerThan1024Pixels() throws Exception {
        double[] size = WaitForAsyncUtils.asyncFx(() -> {
                    var tile = TileBuilder.create()
                            .skinType(SkinType.LEADER_BOARD)
                            .title("Top")
                            .build();
                    TileSlot slot = new TileSlot(tile);
                    slot.setManaged(false); // sized here, as the tiles view sizes its cells
                    Pane page = new Pane(slot);
                    Scene scene = new Scene(page, 800, 2100);
                    for (int pass = 0; pass < 3; pass++) {
                        slot.resizeRelocate(0, 0, 750, 2050);
                        scene.snapshot(null); // a layout pass, sub-scenes included, off any window
                    }
                    return new double[] {tile.getWidth(), tile.getHeight()};
                })
                .get();
        assertThat(size[0]).isEqualTo(750);
        assertThat(size[1]).isEqualTo(2050);
    }
}

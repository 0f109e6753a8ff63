package io.headroom.views.showback;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.report.ReportFormat;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.Screenshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Pictures of the Showback page in both laptop themes and in Chinese, and its PNG export. */
@ExtendWith(ApplicationExtension.class)
class ShowbackScreenshotTest {

    @TempDir
    Path directory;

    @Start
    void start(Stage stage) {
        // Snapshots need the toolkit, not a window.
    }

    @Test
    void light() throws Exception {
        shoot(Theme.LAPTOP_LIGHT, Locale.US, "showback-light.png");
    }

    @Test
    void dark() throws Exception {
        shoot(Theme.WALL_DARK, Locale.US, "showback-dark.png");
    }

    @Test
    void chinese() throws Exception {
        shoot(Theme.LAPTOP_LIGHT, Locale.SIMPLIFIED_CHINESE, "showback-zh-CN.png");
    }

    @Test
    void exportsThePageAsAPicture() throws Exception {
        Path file = directory.resolve("showback.png");
        var written = WaitForAsyncUtils.asyncFx(() -> {
                    var messages = new Messages(Locale.US);
                    var view = view(messages);
                    Screenshots.snapshot(view, Theme.LAPTOP_LIGHT, 1400, 700, v -> {});
                    return new ReportExporter(messages, ShowbackPdf.NONE, Runnable::run)
                            .showback(
                                    ReportFormat.PNG,
                                    view,
                                    view.model().showback().get(),
                                    file);
                })
                .get()
                .get();
        assertThat(written).isEqualTo(file);
        byte[] png = Files.readAllBytes(file);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        var image = javax.imageio.ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
    }

    private static ShowbackView view(Messages messages) {
        var model = new ShowbackViewModel(new ShowbackScenario(), messages, ShowbackScenario.clock(), Runnable::run);
        var view = new ShowbackView(model, messages);
        model.reload();
        return view;
    }

    private static void shoot(Theme theme, Locale locale, String file) throws Exception {
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> {
                    var view = view(new Messages(locale));
                    WritableImage shot = Screenshots.snapshot(view, theme, 1400, 700, v -> {});
                    assertThat(view.table().getItems()).hasSize(28);
                    view.dispose();
                    return shot;
                })
                .get();
        Screenshots.write(image, file);
    }
}

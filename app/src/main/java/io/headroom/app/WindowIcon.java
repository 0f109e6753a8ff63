package io.headroom.app;

import java.io.InputStream;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Headroom icon on the window, so docks and task switchers show it rather than a generic one. */
final class WindowIcon {

    private static final Logger log = LoggerFactory.getLogger(WindowIcon.class);
    private static final String RESOURCE = "headroom.png";

    private WindowIcon() {}

    static void addTo(Stage stage) {
        try (InputStream png = WindowIcon.class.getResourceAsStream(RESOURCE)) {
            if (png == null) {
                log.info("no window icon: {} is not in the console's jar", RESOURCE);
                return;
            }
            stage.getIcons().add(new Image(png));
        } catch (java.io.IOException e) {
            log.info("no window icon: {} could not be read ({})", RESOURCE, e.getMessage());
        }
    }
}

package io.headroom.views.shell;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.scene.paint.Paint;
import javafx.util.Subscription;

/**
 * Keeps a scene's own fill the colour its theme gives the root, so that what shows where the
 * root does not reach is the theme's background, never JavaFX's default white (or black): a window
 * that grows (full screen granted or not on a wall, a window manager maximising it) shows the
 * scene's fill in the new area until the next layout covers it. The root's background is the one
 * source: the stylesheet sets it, on the first frame and after every theme switch, during the CSS
 * pass of the same pulse that paints.
 */
public final class WindowBackground {

    private Subscription root = Subscription.EMPTY;

    private WindowBackground() {}

    /** From now on, the scene's fill follows whatever root it has and whatever theme that root wears. */
    public static void follow(Scene scene) {
        var background = new WindowBackground();
        scene.rootProperty().subscribe(root -> background.follow(scene, root));
    }

    private void follow(Scene scene, Parent root) {
        this.root.unsubscribe();
        this.root = root instanceof Region region
                ? region.backgroundProperty().subscribe(painted -> fill(scene, painted))
                : Subscription.EMPTY;
    }

    private static void fill(Scene scene, Background painted) {
        if (painted == null || painted.getFills().isEmpty()) {
            return; // not styled yet: the scene keeps what it had
        }
        // The bottom layer: the colour the whole root starts from.
        BackgroundFill base = painted.getFills().getFirst();
        Paint paint = base.getFill();
        if (paint != null) {
            scene.setFill(paint);
        }
    }
}

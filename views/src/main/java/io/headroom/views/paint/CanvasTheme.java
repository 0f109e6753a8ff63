package io.headroom.views.paint;

import io.headroom.core.idle.IdleState;
import io.headroom.views.StateStyle;
import javafx.scene.control.Label;
import javafx.scene.layout.Background;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The theme's colours and type for things drawn on a canvas, which cannot use CSS itself.
 * Invisible regions carry the same style classes as the legend swatches and the colour
 * tokens, so the stylesheet stays the one source of colours: a theme switch restyles
 * these, and {@code onChange} tells the owner to repaint. Add it to the owner's children.
 */
public final class CanvasTheme extends Pane {

    /** Colour tokens of {@code .root}, read through {@code .hr-token.<name>} rules in components.css. */
    public enum Token {
        BG, SURFACE, SURFACE_RAISED, BORDER, FG, FG_MUTED, ACCENT, OK, WARN, BAD, ON_STATUS, RACK_BG, STALE_HATCH;

        String styleClass() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Wall-dark values, used until CSS has been applied (and by snapshots taken before it). */
    private static final Map<Token, Color> FALLBACK = new EnumMap<>(Map.ofEntries(
            Map.entry(Token.BG, Color.web("#0a0e13")), Map.entry(Token.SURFACE, Color.web("#121922")),
            Map.entry(Token.SURFACE_RAISED, Color.web("#1c2532")), Map.entry(Token.BORDER, Color.web("#263241")),
            Map.entry(Token.FG, Color.web("#f3f6f9")), Map.entry(Token.FG_MUTED, Color.web("#a3b1c2")),
            Map.entry(Token.ACCENT, Color.web("#56b4e9")), Map.entry(Token.OK, Color.web("#2fbf8a")),
            Map.entry(Token.WARN, Color.web("#f0b429")), Map.entry(Token.BAD, Color.web("#ff6b4a")),
            Map.entry(Token.ON_STATUS, Color.web("#0a0e13")), Map.entry(Token.RACK_BG, Color.web("#05080b")),
            Map.entry(Token.STALE_HATCH, Color.web("#2e343d"))));
    private static final Color[] STATE_FALLBACK = {
            Color.web("#0072b2"), Color.web("#e69f00"), Color.web("#009e73"),
            Color.web("#cc79a7"), Color.web("#d55e00"), Color.web("#5b6472")};

    private final Map<Token, Region> tokens = new EnumMap<>(Token.class);
    private final Region[] states = new Region[IdleState.values().length];
    private final Region[] scale = new Region[9];
    /** Viridis, used until CSS has been applied. */
    private static final int[] SCALE_FALLBACK = {0xFF440154, 0xFF472D7B, 0xFF3B528B, 0xFF2C728E, 0xFF21918C,
            0xFF28AE80, 0xFF5EC962, 0xFFADDC30, 0xFFFDE725};
    private final Label text = new Label();
    private final Label small = new Label();
    private final Label title = new Label();

    public CanvasTheme(Runnable onChange) {
        setVisible(false);
        setManaged(false);
        setMouseTransparent(true);
        for (Token token : Token.values()) {
            Region region = region("hr-token", token.styleClass());
            tokens.put(token, region);
            getChildren().add(region);
        }
        for (IdleState state : IdleState.values()) {
            states[state.ordinal()] = region("hr-swatch", StateStyle.styleClass(state));
            getChildren().add(states[state.ordinal()]);
        }
        for (int i = 0; i < scale.length; i++) {
            scale[i] = region("hr-scale-stop", "s" + i);
            getChildren().add(scale[i]);
        }
        text.getStyleClass().add("hr-canvas-text");
        small.getStyleClass().add("hr-canvas-small");
        title.getStyleClass().add("hr-canvas-title");
        getChildren().addAll(text, small, title);
        for (var child : getChildren()) {
            if (child instanceof Label label) {
                label.fontProperty().addListener((o, was, now) -> onChange.run());
            } else if (child instanceof Region region) {
                region.backgroundProperty().addListener((o, was, now) -> onChange.run());
            }
        }
    }

    public Color color(Token token) {
        return colorOf(tokens.get(token), FALLBACK.get(token));
    }

    public Color state(IdleState state) {
        return colorOf(states[state.ordinal()], STATE_FALLBACK[state.ordinal()]);
    }

    /** The theme's sequential scale for metric heatmaps, low end first, as opaque ARGB. */
    public int[] scaleArgb() {
        int[] argb = new int[scale.length];
        for (int i = 0; i < scale.length; i++) {
            Color c = colorOf(scale[i], null);
            argb[i] = c == null ? SCALE_FALLBACK[i] : 0xFF000000 | (int) Math.round(c.getRed() * 255) << 16
                    | (int) Math.round(c.getGreen() * 255) << 8 | (int) Math.round(c.getBlue() * 255);
        }
        return argb;
    }

    /** Body text on a canvas, a little smaller than the theme's base size. */
    public Font textFont() {
        return text.getFont();
    }

    /** Captions and small figures. */
    public Font smallFont() {
        return small.getFont();
    }

    /** Bold names (rack ids). */
    public Font titleFont() {
        return title.getFont();
    }

    private static Color colorOf(Region region, Color fallback) {
        Background fills = region.getBackground();
        if (fills == null || fills.getFills().isEmpty()) {
            return fallback;
        }
        // The stale swatch is its colour plus a hatch layer; the first fill is the colour.
        return fills.getFills().getFirst().getFill() instanceof Color color ? color : fallback;
    }

    private static Region region(String... styleClasses) {
        Region region = new Region();
        region.getStyleClass().addAll(styleClasses);
        return region;
    }
}

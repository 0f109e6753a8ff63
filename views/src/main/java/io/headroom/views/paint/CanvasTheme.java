package io.headroom.views.paint;

import io.headroom.core.idle.IdleState;
import io.headroom.themes.MetricScale;
import io.headroom.themes.Palette;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javafx.css.CssMetaData;
import javafx.css.SimpleStyleableObjectProperty;
import javafx.css.StyleConverter;
import javafx.css.Styleable;
import javafx.css.StyleableProperty;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;

/**
 * The theme's colours and type for what is drawn on a canvas (heatmap, racks, sparklines,
 * the idle grid) or set as properties (TilesFX tiles): none of these can use CSS.
 *
 * <p>The one reader of the theme's {@link Palette}. Each colour is a styleable property of
 * this node ({@code -hr-canvas-busy}) whose inline style names the looked-up colour
 * ({@code -hr-canvas-busy: -hr-busy}), so CSS resolves it to the value the theme declares on
 * {@code .root}: no rule per colour in the stylesheets, no colour written in Java. (An
 * inherited property named after the token itself would not do: JavaFX inherits only from
 * the nearest styled parent, not from the root.) A theme switch restyles it and
 * {@code onChange} tells the owner to repaint (once per colour that changed, during the CSS
 * pass: owners coalesce). Until CSS has been applied every colour is transparent. Add it to
 * the owner's children.
 *
 * <p>It lives in views because themes carries no JavaFX (configuration code names a theme
 * without loading the toolkit); themes holds the palette's names and values.
 */
public final class CanvasTheme extends Pane {

    private static final List<CssMetaData<CanvasTheme, Paint>> COLOURS =
            Arrays.stream(Palette.values()).map(CanvasTheme::metaData).toList();
    private static final List<CssMetaData<? extends Styleable, ?>> CSS =
            Stream.concat(Pane.getClassCssMetaData().stream(), COLOURS.stream()).toList();
    /** Each colour's property set to its looked-up colour: {@code -hr-canvas-busy: -hr-busy; ...}. */
    private static final String STYLE = Arrays.stream(Palette.values())
            .map(colour -> property(colour) + ": " + colour.cssName())
            .collect(Collectors.joining("; "));

    private final List<SimpleStyleableObjectProperty<Paint>> colours = new ArrayList<>();
    /** Opaque ARGB by palette ordinal, for pixel buffers. */
    private final int[] argb = new int[Palette.values().length];
    /** The metric scale from the palette's stops; null after a change until asked for. */
    private MetricScale scale;

    private final Label text = font("hr-canvas-text");
    private final Label small = font("hr-canvas-small");
    private final Label title = font("hr-canvas-title");
    private final Label heading = font("hr-canvas-heading");

    // Colours are flat arrays indexed by Palette ordinal (COLOURS, the CSS metadata, is in the same order), read per
    // cell on the paint path.
    @SuppressWarnings("EnumOrdinal")
    public CanvasTheme(Runnable onChange) {
        setStyle(STYLE);
        setVisible(false);
        setManaged(false);
        setMouseTransparent(true);
        Arrays.fill(argb, argb(Color.TRANSPARENT));
        for (Palette colour : Palette.values()) {
            var property = new SimpleStyleableObjectProperty<Paint>(
                    COLOURS.get(colour.ordinal()), this, property(colour), Color.TRANSPARENT);
            property.addListener((o, was, now) -> {
                argb[colour.ordinal()] = argb(now instanceof Color c ? c : Color.TRANSPARENT);
                scale = null;
                onChange.run();
            });
            colours.add(property);
        }
        for (Label label : List.of(text, small, title, heading)) {
            getChildren().add(label);
            label.fontProperty().addListener((o, was, now) -> onChange.run());
        }
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS;
    }

    // Colours are flat arrays indexed by Palette ordinal (COLOURS, the CSS metadata, is in the same order), read per
    // cell on the paint path.
    @SuppressWarnings("EnumOrdinal")
    public Color color(Palette colour) {
        return colours.get(colour.ordinal()).get() instanceof Color c ? c : Color.TRANSPARENT;
    }

    public Color state(IdleState state) {
        return color(Palette.valueOf(state.name()));
    }

    /** Opaque ARGB, for pixel buffers. */
    // Colours are flat arrays indexed by Palette ordinal (COLOURS, the CSS metadata, is in the same order), read per
    // cell on the paint path.
    @SuppressWarnings("EnumOrdinal")
    public int argb(Palette colour) {
        return argb[colour.ordinal()];
    }

    /** Opaque ARGB of each idle state's colour, by state ordinal. */
    public int[] stateArgb() {
        return Arrays.stream(IdleState.values())
                .mapToInt(state -> argb(Palette.valueOf(state.name())))
                .toArray();
    }

    /** The theme's sequential scale for metric heatmaps. */
    public MetricScale scale() {
        if (scale == null) {
            scale = new MetricScale(Palette.SCALE.stream().mapToInt(this::argb).toArray());
        }
        return scale;
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

    /** Bold headings over a canvas's areas (the heatmap's hall names). */
    public Font headingFont() {
        return heading.getFont();
    }

    /** Opaque ARGB of a colour; the pixel buffers are premultiplied, so alpha is dropped rather than mis-blended. */
    public static int argb(Color color) {
        return 0xFF000000
                | (int) Math.round(color.getRed() * 255) << 16
                | (int) Math.round(color.getGreen() * 255) << 8
                | (int) Math.round(color.getBlue() * 255);
    }

    private static CssMetaData<CanvasTheme, Paint> metaData(Palette colour) {
        return new CssMetaData<>(property(colour), StyleConverter.getPaintConverter(), Color.TRANSPARENT) {
            @Override
            public boolean isSettable(CanvasTheme theme) {
                return true;
            }

            @Override
            // Colours are flat arrays indexed by Palette ordinal (COLOURS, the CSS metadata, is in the same order),
            // read per cell on the paint path.
            @SuppressWarnings("EnumOrdinal")
            public StyleableProperty<Paint> getStyleableProperty(CanvasTheme theme) {
                return theme.colours.get(colour.ordinal());
            }
        };
    }

    private static String property(Palette colour) {
        return "-hr-canvas-" + colour.cssName().substring("-hr-".length());
    }

    private static Label font(String styleClass) {
        Label label = new Label();
        label.getStyleClass().add(styleClass);
        return label;
    }
}

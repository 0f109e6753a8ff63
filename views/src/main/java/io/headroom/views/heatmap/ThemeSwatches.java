package io.headroom.views.heatmap;

import io.headroom.core.idle.IdleState;
import io.headroom.views.StateStyle;
import javafx.scene.control.Label;
import javafx.scene.layout.Background;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;

/**
 * Invisible regions styled with the same rules as the legend's swatches, from which the
 * heatmap reads its palette. The stylesheet stays the one source of colours: a theme
 * switch restyles these, their backgrounds change, and the heatmap repaints.
 */
final class ThemeSwatches extends Pane {

    private final Region[] states = new Region[IdleState.values().length];
    private final Region staleHatch = swatch("hr-swatch", "stale-hatch");
    private final Region background = swatch("hr-heatmap-canvas-bg");
    private final Region rack = swatch("hr-heatmap-rack-bg");
    private final Region selection = swatch("hr-heatmap-selection");
    private final Region[] scale = new Region[HeatmapPalette.VIRIDIS.length];
    /** Carries the theme's font and colour for hall names, which are drawn on the canvas. */
    final Label hallLabel = new Label();

    ThemeSwatches(Runnable onChange) {
        setVisible(false);
        setManaged(false);
        setMouseTransparent(true);
        for (IdleState state : IdleState.values()) {
            states[state.ordinal()] = swatch("hr-swatch", StateStyle.styleClass(state));
        }
        hallLabel.getStyleClass().add("hr-heatmap-hall");
        getChildren().addAll(states);
        for (int i = 0; i < scale.length; i++) {
            scale[i] = swatch("hr-scale-stop", "s" + i);
        }
        getChildren().addAll(scale);
        getChildren().addAll(staleHatch, background, rack, selection, hallLabel);
        for (var child : getChildren()) {
            if (child instanceof Region region && region != hallLabel) {
                region.backgroundProperty().addListener((o, was, now) -> onChange.run());
            }
        }
        hallLabel.fontProperty().addListener((o, was, now) -> onChange.run());
        hallLabel.textFillProperty().addListener((o, was, now) -> onChange.run());
    }

    HeatmapPalette palette() {
        HeatmapPalette fallback = HeatmapPalette.WALL_DEFAULT;
        int[] argb = new int[states.length];
        for (int i = 0; i < states.length; i++) {
            argb[i] = argbOf(states[i], fallback.stateArgb()[i]);
        }
        int[] stops = new int[scale.length];
        for (int i = 0; i < scale.length; i++) {
            stops[i] = argbOf(scale[i], fallback.scaleArgb()[i]);
        }
        return new HeatmapPalette(argb, argbOf(staleHatch, fallback.staleHatchArgb()),
                argbOf(background, fallback.backgroundArgb()), argbOf(rack, fallback.rackArgb()), stops,
                argbOf(selection, fallback.selectionArgb()));
    }

    Font hallFont() {
        return hallLabel.getFont();
    }

    Paint hallFill() {
        return hallLabel.getTextFill();
    }

    private static int argbOf(Region region, int fallback) {
        Background fills = region.getBackground();
        if (fills == null || fills.getFills().isEmpty()) {
            return fallback;
        }
        // The stale swatch is its colour plus a hatch layer; the first fill is the colour.
        return fills.getFills().getFirst().getFill() instanceof Color color ? HeatmapPalette.argb(color) : fallback;
    }

    private static Region swatch(String... styleClasses) {
        Region region = new Region();
        region.getStyleClass().addAll(styleClasses);
        return region;
    }
}

package io.headroom.views.overview;

import eu.hansolo.tilesfx.Tile;
import io.headroom.themes.Palette;
import io.headroom.views.paint.CanvasTheme;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javafx.beans.value.ObservableValue;
import javafx.scene.paint.Color;

/**
 * Gives TilesFX tiles the theme's colours and type. Tiles take colours as properties, not
 * from CSS, so this reads the theme's tokens through a {@link CanvasTheme} (the stylesheet
 * stays the one source of colours) and paints every tile again when the theme changes.
 * A tile marked with {@link #alertWhen} gets the theme's "bad" colour on its value and
 * border while its condition holds, as every other page marks what needs someone.
 */
final class TileLook {

    private record Styled(Tile tile, BooleanSupplier alert) {}

    private final CanvasTheme theme;
    private final List<Styled> tiles = new ArrayList<>();

    TileLook(CanvasTheme theme) {
        this.theme = theme;
    }

    /** Styles {@code tile} now and at every theme change. */
    Tile style(Tile tile) {
        tiles.add(new Styled(tile, () -> false));
        paint(tiles.getLast());
        return tile;
    }

    /** Marks {@code tile} as needing attention while {@code condition} holds. */
    void alertWhen(Tile tile, ObservableValue<Boolean> condition) {
        int index = indexOf(tile);
        tiles.set(index, new Styled(tile, () -> Boolean.TRUE.equals(condition.getValue())));
        condition.subscribe(on -> paint(tiles.get(index)));
    }

    /** The theme changed: every tile again. */
    void repaint() {
        tiles.forEach(this::paint);
    }

    private void paint(Styled styled) {
        Tile tile = styled.tile();
        boolean alert = styled.alert().getAsBoolean();
        Color fg = theme.color(Palette.FG);
        Color muted = theme.color(Palette.FG_MUTED);
        Color bad = theme.color(Palette.BAD);
        tile.setBackgroundColor(theme.color(Palette.SURFACE));
        tile.setBorderColor(alert ? bad : theme.color(Palette.BORDER));
        tile.setBorderWidth(alert ? 3 : 1);
        tile.setTitleColor(muted);
        tile.setValueColor(alert ? bad : fg);
        tile.setUnitColor(muted);
        tile.setDescriptionColor(muted);
        tile.setTextColor(muted);
        tile.setForegroundColor(fg);
        tile.setNeedleColor(fg);
        tile.setBarColor(alert ? bad : theme.color(Palette.ACCENT));
        tile.setBarBackgroundColor(theme.color(Palette.BORDER));
        tile.setThresholdColor(theme.color(Palette.WARN));
    }

    // Scene-graph nodes are compared by identity: is this the very node on screen.
    @SuppressWarnings("ReferenceEquality")
    private int indexOf(Tile tile) {
        for (int i = 0; i < tiles.size(); i++) {
            if (tiles.get(i).tile() == tile) {
                return i;
            }
        }
        throw new IllegalArgumentException("style the tile first");
    }
}

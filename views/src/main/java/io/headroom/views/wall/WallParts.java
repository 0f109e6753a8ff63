package io.headroom.views.wall;

/**
 * A wall page that holds more than one of the wall's pages, shown in turn: the console is
 * the overview's tiles on one turn and the heatmap on the next, from one reading of the fleet.
 */
public interface WallParts {

    /** How many turns of the rotation this page takes. */
    int wallParts();

    /** Shows part {@code part} (0-based) alone, for its turn. FX thread. */
    void showWallPart(int part);
}

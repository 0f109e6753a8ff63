package io.headroom.views.overview;

import io.headroom.views.Messages;

/**
 * A reading as a number tile shows it: scaled to a unit that keeps it short enough for the
 * tile at any fleet size (idle capacity past 10,000 PFLOPS in EFLOPS, power past 10,000 kW
 * in MW), with tenths only while they matter; or, while the reading is unknown (NaN), a
 * dash and no unit at all, so a tile never shows a bare "%" or "°C", nor a zero that was
 * never measured. Plain Java, tested without a toolkit.
 *
 * @param value    what the tile's number shows, in {@code unit}; NaN while unknown
 * @param decimals digits after the point
 * @param unit     the unit after the number; empty while unknown and for counts
 */
record TileFigure(double value, int decimals, String unit) {

    /** The kinds of reading the overview's tiles show. */
    enum Kind {
        /** Idle compute: PFLOPS, EFLOPS from 10,000 PFLOPS. */
        FLOPS,
        /** Electrical power: kW, MW from 10,000 kW. */
        POWER,
        PERCENT,
        CELSIUS,
        /** Things counted: whole numbers, no unit. */
        COUNT
    }

    /** From this many of the small unit on, a figure is shown in the unit a thousand times larger. */
    static final double LARGER_UNIT_FROM = 10_000;

    static TileFigure of(double reading, Kind kind, Messages messages) {
        if (Double.isNaN(reading)) {
            return new TileFigure(Double.NaN, 0, "");
        }
        return switch (kind) {
            case FLOPS ->
                scaled(
                        reading,
                        messages.get("figure.idle-capacity.unit"),
                        messages.get("figure.idle-capacity.unit-large"));
            case POWER -> scaled(reading, messages.get("figure.power.unit"), messages.get("figure.power.unit-large"));
            case PERCENT -> new TileFigure(reading, tenths(reading), "%");
            case CELSIUS -> new TileFigure(reading, tenths(reading), "\u00b0C");
            case COUNT -> new TileFigure(Math.round(reading), 0, "");
        };
    }

    /** This figure rounded to a whole number. */
    TileFigure whole() {
        return known() ? new TileFigure(Math.round(value), 0, unit) : this;
    }

    boolean known() {
        return !Double.isNaN(value);
    }

    private static TileFigure scaled(double reading, String unit, String largeUnit) {
        if (Math.abs(reading) >= LARGER_UNIT_FROM) {
            double large = reading / 1000;
            return new TileFigure(large, tenths(large), largeUnit);
        }
        // Under 10,000 in the small unit, whole numbers past a hundred: at most "9,999 kW".
        return new TileFigure(reading, tenths(reading), unit);
    }

    /** Tenths help while a figure is small; past a hundred they are noise that widens the tile. */
    private static int tenths(double value) {
        return Math.abs(value) < 100 ? 1 : 0;
    }
}

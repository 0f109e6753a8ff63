package io.headroom.views.overview;

/**
 * Used card-hours over online card-hours (DESIGN.md's "32 %" figure) for today and for the
 * last seven days, from the hours the store has closed. NaN where no hour has closed yet.
 *
 * @param today fraction 0..1 since local midnight
 * @param week  fraction 0..1 over the last seven days, today included
 */
public record CardHourUtilization(double today, double week) {

    public static final CardHourUtilization UNKNOWN = new CardHourUtilization(Double.NaN, Double.NaN);
}

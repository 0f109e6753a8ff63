package io.headroom.views.overview;

/**
 * Used card-hours over online card-hours (the figure public compute centres report at about 30 %) for today and for the
 * last seven days, from the hours the store has closed. NaN where no hour has closed yet.
 *
 * @param today fraction 0..1 since local midnight
 * @param week  fraction 0..1 over the last seven days, today included
 */
public record CardHourUtilization(double today, double week) {

    public static final CardHourUtilization UNKNOWN = new CardHourUtilization(Double.NaN, Double.NaN);
}

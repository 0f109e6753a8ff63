package io.headroom.agent.simulator;

/**
 * How much work people bring, by the clock of the compute center (UTC+8, like a Chinese
 * site): lowest around 04:00, highest mid-afternoon, lighter at weekends, with a slow
 * random drift so that no two days look alike.
 */
final class LoadCurve {

    static final long LOCAL_OFFSET_MILLIS = 8 * 3_600_000L;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final double QUIETEST_HOUR = 4.0;
    private static final double WEEKEND_FACTOR = 0.6;
    private static final int DRIFT_KNOT_MINUTES = 120;

    private LoadCurve() {}

    /** Local hour of day in [0, 24). */
    static double localHour(long timeMillis) {
        return Math.floorMod(timeMillis + LOCAL_OFFSET_MILLIS, DAY_MILLIS) / 3_600_000.0;
    }

    static boolean isWeekend(long timeMillis) {
        long day = Math.floorDiv(timeMillis + LOCAL_OFFSET_MILLIS, DAY_MILLIS);
        // 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0.
        int weekday = (int) Math.floorMod(day + 3, 7L);
        return weekday >= 5;
    }

    /** Demand in [0, 1]: 0 at 04:00 local, 1 at 16:00 local on a weekday. */
    static double demand(long timeMillis) {
        double phase = 2 * Math.PI * (localHour(timeMillis) - QUIETEST_HOUR) / 24;
        double weekday = 0.5 - 0.5 * Math.cos(phase);
        return isWeekend(timeMillis) ? weekday * WEEKEND_FACTOR : weekday;
    }

    /** Smooth noise in [-1, 1] for one stream (a pool, say), changing over hours. */
    static double drift(long seed, long stream, int minute) {
        int knot = Math.floorDiv(minute, DRIFT_KNOT_MINUTES);
        double t = (minute - (double) knot * DRIFT_KNOT_MINUTES) / DRIFT_KNOT_MINUTES;
        double a = 2 * SimHash.unit(SimHash.hash(seed, stream, knot)) - 1;
        double b = 2 * SimHash.unit(SimHash.hash(seed, stream, knot + 1)) - 1;
        double smooth = (1 - Math.cos(Math.PI * t)) / 2;
        return a + (b - a) * smooth;
    }
}

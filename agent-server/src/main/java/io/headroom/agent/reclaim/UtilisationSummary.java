package io.headroom.agent.reclaim;

/**
 * A workload's utilisation over the last hour, one figure per minute averaged over its GPUs:
 * a sparkline (▁ to █) and its least, mean and most, in percent.
 */
public record UtilisationSummary(String sparkline, double minPct, double avgPct, double maxPct) {

    private static final String BLOCKS = "▁▂▃▄▅▆▇█";

    /** Null when there are no figures: unknown, never shown as 0. */
    public static UtilisationSummary of(double[] perMinutePct) {
        if (perMinutePct.length == 0) {
            return null;
        }
        StringBuilder line = new StringBuilder();
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double sum = 0;
        for (double pct : perMinutePct) {
            double clamped = Math.clamp(pct, 0, 100);
            line.append(BLOCKS.charAt((int) Math.min(BLOCKS.length() - 1, clamped / 100 * BLOCKS.length())));
            min = Math.min(min, clamped);
            max = Math.max(max, clamped);
            sum += clamped;
        }
        return new UtilisationSummary(line.toString(), min, sum / perMinutePct.length, max);
    }
}

package io.headroom.agent.operations.slurm;

/** A length of time as an operator reads it: {@code 2 d 3 h}, {@code 1 h 02 min}, {@code 4 min 05 s}. */
final class Durations {
    private Durations() {}

    static String words(long millis) {
        long s = Math.max(0, millis / 1000);
        long days = s / 86_400;
        long hours = s % 86_400 / 3600;
        long minutes = s % 3600 / 60;
        long seconds = s % 60;
        if (days > 0) {
            return days + " d " + hours + " h";
        }
        if (hours > 0) {
            return hours + " h " + String.format(java.util.Locale.ROOT, "%02d", minutes) + " min";
        }
        if (minutes > 0) {
            return minutes + " min " + String.format(java.util.Locale.ROOT, "%02d", seconds) + " s";
        }
        return seconds + " s";
    }
}

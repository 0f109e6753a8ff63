package io.headroom.agent.config;

import java.util.Collection;

/** "Did you mean ...?" for a mistyped setting: the known key within a small edit distance. */
final class Suggestions {
    private Suggestions() {}

    /** The closest of {@code known} to {@code typed}, or null when none is close enough to be a typo. */
    static String closest(String typed, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(typed.toLowerCase(java.util.Locale.ROOT), candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        // A third of the word may be wrong: "intervall_ms", "nvidia-smi", "adress".
        return best != null && bestDistance <= Math.max(2, typed.length() / 3) ? best : null;
    }

    /** Levenshtein distance, with '-' and '_' counted as the same letter. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = same(a.charAt(i - 1), b.charAt(j - 1)) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static boolean same(char x, char y) {
        return x == y || ((x == '-' || x == '_') && (y == '-' || y == '_'));
    }
}

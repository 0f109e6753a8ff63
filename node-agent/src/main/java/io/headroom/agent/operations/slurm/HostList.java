package io.headroom.agent.operations.slurm;

import java.util.ArrayList;
import java.util.List;

/**
 * Slurm's host lists, expanded without asking Slurm: {@code gpu[01-03,07],login1} is
 * gpu01, gpu02, gpu03, gpu07 and login1. Leading zeros keep their width.
 */
final class HostList {

    /** A job spans at most this many hosts in one list; anything longer is not read further. */
    private static final int MAX_HOSTS = 65_536;

    private HostList() {}

    static List<String> expand(String list) {
        List<String> hosts = new ArrayList<>();
        for (String item : split(list.strip())) {
            int open = item.indexOf('[');
            int close = item.lastIndexOf(']');
            if (open < 0 || close < open) {
                if (!item.isEmpty()) {
                    hosts.add(item);
                }
                continue;
            }
            String prefix = item.substring(0, open);
            String suffix = item.substring(close + 1);
            for (String range : item.substring(open + 1, close).split(",", -1)) { // -1: blank ones skipped below
                int dash = range.indexOf('-');
                String from = dash < 0 ? range : range.substring(0, dash);
                String to = dash < 0 ? range : range.substring(dash + 1);
                if (!from.matches("[0-9]{1,9}") || !to.matches("[0-9]{1,9}")) {
                    continue; // an odd range names no host rather than a guessed one
                }
                int width = from.length();
                for (int n = Integer.parseInt(from); n <= Integer.parseInt(to) && hosts.size() < MAX_HOSTS; n++) {
                    hosts.add(prefix + String.format(java.util.Locale.ROOT, "%0" + width + "d", n) + suffix);
                }
            }
        }
        return List.copyOf(hosts);
    }

    /** Splits on the commas outside brackets. */
    private static List<String> split(String list) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                items.add(list.substring(start, i));
                start = i + 1;
            }
        }
        items.add(list.substring(start));
        return items;
    }
}

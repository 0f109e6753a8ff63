package io.headroom.agent.operations.slurm;

import io.headroom.core.fleet.SchedulerState;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node as {@code scontrol show node -o} prints it: one line of {@code Key=Value} pairs.
 *
 * @param states        the base state and its flags, upper case: {@code MIXED}, {@code DRAIN}, ...
 * @param allocatedGpus       GPUs held by jobs: from {@code GresUsed=gpu:h100:2(IDX:0-1)} ({@code scontrol -d}),
 *                            or {@code AllocTRES=...gres/gpu=N} where Slurm counts GPUs as a TRES (it does only
 *                            with slurmdbd), whichever says more
 * @param allocatedGpuIndices which GPUs by index, from GresUsed's IDX; null when the line has no GresUsed
 */
public record SlurmNode(
        String name,
        Set<String> states,
        List<String> partitions,
        int allocatedGpus,
        Set<Integer> allocatedGpuIndices,
        String reason) {

    /**
     * {@code gpu:h100:2(IDX:0-1)}: a type and a count (each optional: jobs print {@code gpu(IDX:0-1,3)})
     * and the indices, per GPU type.
     */
    private static final Pattern GRES_USED = Pattern.compile("gpu(?::[^:(,]+)?(?::\\d+)?\\(IDX:([^)]*)\\)");

    /**
     * Reads one line of {@code scontrol show node <name> -o}. Values may contain spaces only in
     * {@code Reason=}, which Slurm prints last, so everything after it is the reason.
     */
    public static SlurmNode parse(String line) {
        Map<String, String> fields = new HashMap<>();
        String rest = line.strip();
        int reasonAt = rest.indexOf(" Reason=");
        String reason = "";
        if (reasonAt >= 0) {
            reason = rest.substring(reasonAt + " Reason=".length()).strip();
            rest = rest.substring(0, reasonAt);
        }
        for (String pair : rest.split("\\s+", -1)) { // -1: an empty pair has no '=' and is skipped
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        String name = fields.get("NodeName");
        String state = fields.get("State");
        if (name == null || state == null) {
            throw new IllegalArgumentException("not a line of 'scontrol show node -o' (no NodeName= or State=): "
                    + (line.length() > 120 ? line.substring(0, 120) + "..." : line));
        }
        // "MIXED+DRAIN", "IDLE+DRAIN", "DOWN*+DRAIN" ('*' marks a node not responding).
        Set<String> states =
                Set.of(state.replace("*", "").toUpperCase(Locale.ROOT).split("\\+"));
        String partitions = fields.getOrDefault("Partitions", "");
        Set<Integer> indices = fields.containsKey("GresUsed") ? gresUsed(fields.get("GresUsed")) : null;
        int counted = gpus(fields.getOrDefault("AllocTRES", ""));
        return new SlurmNode(
                name,
                states,
                partitions.isEmpty() ? List.of() : List.of(partitions.split(",")),
                Math.max(counted, indices == null ? 0 : indices.size()),
                indices,
                reason.replaceFirst(" \\[.*\\]$", ""));
    }

    /**
     * The GPU indices in {@code gpu:a100:1(IDX:0),gpu:h100:2(IDX:3-4,6)}, as nodes and (with
     * {@code -d}) jobs print them; {@code IDX:N/A} holds none.
     */
    static Set<Integer> gresUsed(String value) {
        Set<Integer> indices = new java.util.HashSet<>();
        Matcher m = GRES_USED.matcher(value);
        while (m.find()) {
            for (String range : m.group(1).split(",", -1)) { // -1: blank ranges are skipped below
                if (range.isBlank() || range.equals("N/A")) {
                    continue;
                }
                int dash = range.indexOf('-');
                try {
                    int from = Integer.parseInt(
                            range.substring(0, dash < 0 ? range.length() : dash).strip());
                    int to = dash < 0
                            ? from
                            : Integer.parseInt(range.substring(dash + 1).strip());
                    for (int i = from; i <= to && i - from < 1024; i++) {
                        indices.add(i);
                    }
                } catch (NumberFormatException e) {
                    // An index printed oddly marks nothing rather than a guess.
                }
            }
        }
        return Set.copyOf(indices);
    }

    /**
     * {@code cpu=8,mem=64G,gres/gpu=4}, maybe with typed counts beside it ({@code gres/gpu:h100=4}):
     * the untyped total when printed, else the sum of the typed ones; 0 when none.
     */
    static int gpus(String tres) {
        int typed = 0;
        for (String item : tres.split(",", -1)) { // -1: an empty item has no '=' and is skipped
            int eq = item.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = item.substring(0, eq);
            int count;
            try {
                count = Integer.parseInt(item.substring(eq + 1));
            } catch (NumberFormatException e) {
                continue; // a count printed oddly counts as none rather than as a guess
            }
            if (key.equals("gres/gpu")) {
                return count;
            }
            if (key.startsWith("gres/gpu:")) {
                typed += count;
            }
        }
        return typed;
    }

    /**
     * What the console shows: a drain with jobs still running is DRAINING (Slurm prints
     * MIXED+DRAIN or ALLOCATED+DRAIN), with none left DRAINED (IDLE+DRAIN, or DRAINED).
     */
    public SchedulerState schedulerState() {
        boolean drain = states.contains("DRAIN") || states.contains("DRAINING") || states.contains("DRAINED");
        boolean busy = states.contains("ALLOCATED") || states.contains("MIXED") || states.contains("COMPLETING");
        if (states.contains("DOWN") || states.contains("FAIL") || states.contains("NOT_RESPONDING")) {
            return SchedulerState.DOWN;
        }
        if (drain) {
            return busy || states.contains("DRAINING") ? SchedulerState.DRAINING : SchedulerState.DRAINED;
        }
        if (states.contains("ALLOCATED")) {
            return SchedulerState.ALLOCATED;
        }
        if (states.contains("MIXED")) {
            return SchedulerState.MIXED;
        }
        return states.contains("IDLE") ? SchedulerState.IDLE : SchedulerState.UNKNOWN;
    }
}

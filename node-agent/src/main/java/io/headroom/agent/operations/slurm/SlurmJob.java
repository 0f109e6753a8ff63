package io.headroom.agent.operations.slurm;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One job as {@code scontrol -d show job --oneliner} prints it: {@code Key=Value} pairs, and
 * with {@code -d} one group per set of nodes saying which GPUs the job holds there:
 * {@code Nodes=gpu[01-02] CPU_IDs=0-3 Mem=0 GRES=gpu:h100:2(IDX:0-1)}.
 *
 * @param jobId        Slurm's own number for this record ({@code JobId=}), what commands accept
 * @param schedulerId  as the operator knows the job: {@code 4242}, {@code 4242_7} (array task),
 *                     {@code 4242+1} (het-job part)
 * @param user         the Unix user name, from {@code UserId=alice(1001)}
 * @param account      empty when Slurm prints {@code (null)}
 * @param state        {@code RUNNING}, {@code SUSPENDED}, {@code PENDING}, ...
 * @param startTimeMs  0 when unknown
 * @param timeLimitMs  0 when unlimited or unknown
 * @param runTimeMs    how long it has run so far, -1 when unknown
 * @param nodes        the nodes it runs on, expanded from {@code NodeList=}
 * @param gpusByNode   the GPU indices it holds on each node, from the {@code -d} groups
 */
public record SlurmJob(
        String jobId,
        String schedulerId,
        String name,
        String user,
        String account,
        String partition,
        String qos,
        String state,
        long startTimeMs,
        long timeLimitMs,
        long runTimeMs,
        boolean requeueable,
        List<String> nodes,
        Map<String, Set<Integer>> gpusByNode) {

    /** A key as Slurm prints them: letters, digits and a few marks ({@code AllocNode:Sid}, {@code CPUs/Task}). */
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_:/.]*");

    /** States in which a job holds its node's GPUs. */
    private static final Set<String> HOLDING =
            Set.of("RUNNING", "SUSPENDED", "CONFIGURING", "COMPLETING", "STOPPED", "SIGNALING", "STAGE_OUT");

    public SlurmJob {
        nodes = List.copyOf(nodes);
        gpusByNode = Map.copyOf(gpusByNode);
    }

    /** Whether the job holds resources on {@code host} now (running, suspended, ...), GPUs or not. */
    public boolean runsOn(String host) {
        return HOLDING.contains(state) && (nodes.contains(host) || gpusByNode.containsKey(host));
    }

    public Set<Integer> gpusOn(String host) {
        return gpusByNode.getOrDefault(host, Set.of());
    }

    /**
     * Reads one line. Values may hold spaces ({@code JobName=my run}): a word without
     * {@code Key=} belongs to the value before it.
     *
     * @param zone the zone scontrol prints times in (the controller's, normally the node's own)
     */
    public static SlurmJob parse(String line, ZoneId zone) {
        List<String[]> pairs = pairs(line);
        Map<String, String> fields = new HashMap<>();
        Map<String, Set<Integer>> gpus = new HashMap<>();
        List<String> group = null;
        for (String[] pair : pairs) {
            String key = pair[0];
            String value = pair[1];
            switch (key) {
                case "Nodes" -> group = HostList.expand(value);
                // GRES_IDX= is what Slurm before 19.05 printed for the same thing.
                case "GRES", "GRES_IDX" -> {
                    if (group != null) {
                        Set<Integer> indices = SlurmNode.gresUsed(value);
                        for (String node : group) {
                            gpus.merge(node, indices, SlurmJob::union);
                        }
                    }
                }
                default -> fields.putIfAbsent(key, value);
            }
        }
        String jobId = fields.get("JobId");
        if (jobId == null || !jobId.matches("[0-9]{1,12}") || !fields.containsKey("JobState")) {
            throw new IllegalArgumentException("not a line of 'scontrol show job --oneliner' (no JobId= or JobState=): "
                    + (line.length() > 120 ? line.substring(0, 120) + "..." : line));
        }
        String nodeList = fields.getOrDefault("NodeList", "");
        return new SlurmJob(
                jobId,
                schedulerId(fields, jobId),
                fields.getOrDefault("JobName", ""),
                user(fields.getOrDefault("UserId", "")),
                orEmpty(fields.get("Account")),
                orEmpty(fields.get("Partition")),
                orEmpty(fields.get("QOS")),
                fields.get("JobState").toUpperCase(Locale.ROOT),
                time(fields.get("StartTime"), zone),
                Math.max(0, duration(fields.getOrDefault("TimeLimit", ""))),
                duration(fields.getOrDefault("RunTime", "")),
                "1".equals(fields.get("Requeue")),
                nodeList.isEmpty() || nodeList.equals("(null)") ? List.of() : HostList.expand(nodeList),
                gpus);
    }

    private static List<String[]> pairs(String line) {
        List<String[]> pairs = new ArrayList<>();
        for (String word : line.strip().split("\\s+", -1)) { // stripped: no empty words at either end
            int eq = word.indexOf('=');
            if (eq > 0 && KEY.matcher(word.substring(0, eq)).matches()) {
                pairs.add(new String[] {word.substring(0, eq), word.substring(eq + 1)});
            } else if (!pairs.isEmpty() && !word.isEmpty()) {
                String[] last = pairs.getLast();
                last[1] = last[1] + " " + word;
            }
        }
        return pairs;
    }

    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        var all = new LinkedHashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static String schedulerId(Map<String, String> fields, String jobId) {
        String array = fields.get("ArrayJobId");
        String task = fields.get("ArrayTaskId");
        if (array != null && task != null && task.matches("[0-9]+")) {
            return array + "_" + task;
        }
        String het = fields.get("HetJobId");
        String offset = fields.get("HetJobOffset");
        if (het != null && offset != null && offset.matches("[0-9]+")) {
            return het + "+" + offset;
        }
        return jobId;
    }

    /** {@code alice(1001)}: the name; the number where Slurm could not name the user. */
    private static String user(String userId) {
        int paren = userId.lastIndexOf('(');
        String name = paren > 0 ? userId.substring(0, paren) : userId;
        if (name.isEmpty() || name.equals("(null)")) {
            return paren >= 0 && userId.endsWith(")") ? userId.substring(paren + 1, userId.length() - 1) : "";
        }
        return name;
    }

    private static String orEmpty(String value) {
        return value == null || value.equals("(null)") ? "" : value;
    }

    /** {@code 2026-12-05T23:30:32} in the controller's zone; 0 for {@code Unknown}, {@code None} or garbage. */
    static long time(String value, ZoneId zone) {
        if (value == null || value.isEmpty() || !Character.isDigit(value.charAt(0))) {
            return 0;
        }
        try {
            return LocalDateTime.parse(value).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    /**
     * Slurm's durations: {@code 1-02:03:04}, {@code 02:03:04}, {@code 03:04} (minutes and
     * seconds), {@code 5} (minutes); 0 for {@code UNLIMITED} and its kin, -1 for garbage.
     */
    static long duration(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT);
        if (v.equals("UNLIMITED") || v.equals("INFINITE") || v.equals("NONE") || v.equals("PARTITION_LIMIT")) {
            return 0;
        }
        if (!v.matches("([0-9]{1,6}-)?[0-9]{1,9}(:[0-9]{1,2}){0,2}")) {
            return -1;
        }
        long days = 0;
        int dash = v.indexOf('-');
        if (dash >= 0) {
            days = Long.parseLong(v.substring(0, dash));
            v = v.substring(dash + 1);
        }
        String[] parts = v.split(":", -1);
        long seconds = switch (parts.length) {
            case 1 -> dash >= 0 ? Long.parseLong(parts[0]) * 3600 : Long.parseLong(parts[0]) * 60;
            case 2 ->
                dash >= 0
                        ? Long.parseLong(parts[0]) * 3600 + Long.parseLong(parts[1]) * 60
                        : Long.parseLong(parts[0]) * 60 + Long.parseLong(parts[1]);
            default -> Long.parseLong(parts[0]) * 3600 + Long.parseLong(parts[1]) * 60 + Long.parseLong(parts[2]);
        };
        return (days * 86_400 + seconds) * 1000;
    }
}

package io.headroom.agent.workload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code rocm-smi --showpids --showpidgpus}: the "KFD Processes" table (pid, name, how many GPUs,
 * VRAM in bytes) and "GPUs Indexed by PID" ({@code PID 123 is using 2 DRM device(s):} then the
 * indices, on one line or one a line). The table's VRAM is the process's total, so it is kept
 * only for a process on one GPU; on several, each GPU's share is unknown.
 */
final class RocmPids {

    static final List<String> ARGUMENTS = List.of("--showpids", "--showpidgpus");

    private static final Pattern USING = Pattern.compile("PID (\\d{1,9}) is using (\\d{1,4}) DRM device\\(s\\):?");
    private static final Pattern ROW =
            Pattern.compile("(\\d{1,9})\\s+(.*?)\\s+(\\d{1,4}|UNKNOWN)\\s+(\\d{1,18}|UNKNOWN)\\s+\\S+\\s+\\S+");
    private static final double MIB = 1024.0 * 1024.0;

    private RocmPids() {}

    static List<GpuProcess> parse(String output) throws NvidiaComputeApps.Unreadable {
        Map<Integer, String> names = new HashMap<>();
        Map<Integer, Float> vram = new HashMap<>();
        Map<Integer, List<Integer>> gpus = new HashMap<>();
        boolean sawSection = false;
        Integer reading = null;
        for (String raw : output.lines().toList()) {
            String line = raw.strip();
            if (line.contains("KFD Processes") || line.contains("GPUs Indexed by PID")) {
                sawSection = true;
                reading = null;
                continue;
            }
            Matcher using = USING.matcher(line);
            if (using.matches()) {
                reading = Integer.valueOf(using.group(1));
                gpus.put(reading, new ArrayList<>());
                continue;
            }
            if (reading != null && line.matches("[0-9 ]+")) {
                for (String index : line.split("\\s+", -1)) { // -1: blank ones skipped
                    if (!index.isEmpty() && index.length() <= 4) { // a longer one is no GPU index
                        gpus.get(reading).add(Integer.valueOf(index));
                    }
                }
                continue;
            }
            reading = null;
            Matcher row = ROW.matcher(line);
            if (line.length() <= 1024 && row.matches()) { // a longer line is no row, and not worth backtracking over
                int pid = Integer.parseInt(row.group(1));
                names.put(pid, row.group(2));
                vram.put(
                        pid, row.group(4).equals("UNKNOWN") ? Float.NaN : (float) (Long.parseLong(row.group(4)) / MIB));
            }
        }
        if (!sawSection) {
            throw new NvidiaComputeApps.Unreadable(
                    "rocm-smi printed neither 'KFD Processes' nor 'GPUs Indexed by PID': "
                            + (output.length() > 120 ? output.substring(0, 120) + "..." : output.strip()));
        }
        List<GpuProcess> processes = new ArrayList<>();
        for (var entry : gpus.entrySet()) {
            int pid = entry.getKey();
            List<Integer> on = entry.getValue();
            for (int index : on) {
                processes.add(new GpuProcess(
                        index,
                        -1,
                        pid,
                        names.getOrDefault(pid, ""),
                        on.size() == 1 ? vram.getOrDefault(pid, Float.NaN) : Float.NaN));
            }
        }
        processes.sort(java.util.Comparator.comparingInt(GpuProcess::pid).thenComparingInt(GpuProcess::gpuIndex));
        return List.copyOf(processes);
    }
}

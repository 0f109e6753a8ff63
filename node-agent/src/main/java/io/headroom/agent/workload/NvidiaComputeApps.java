package io.headroom.agent.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code nvidia-smi --query-compute-apps=gpu_uuid,pid,process_name,used_memory --format=csv,noheader}:
 * one line per process and GPU. A process name may hold commas (nvidia-smi does not quote it),
 * so the UUID and pid are read from the front and the memory from the end.
 */
final class NvidiaComputeApps {

    static final List<String> ARGUMENTS =
            List.of("--query-compute-apps=gpu_uuid,pid,process_name,used_memory", "--format=csv,noheader");

    private NvidiaComputeApps() {}

    /** A line that is not one of nvidia-smi's, with what it was. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param indexByUuid the agent's inventory: which index each GPU UUID has; a process on a GPU
     *                    the inventory does not know yet is left out until it does
     */
    static List<GpuProcess> parse(String output, Map<String, Integer> indexByUuid) throws Unreadable {
        List<GpuProcess> processes = new ArrayList<>();
        for (String line : output.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("No running")) {
                continue;
            }
            String[] front = line.split(",\\s*", 3);
            if (front.length < 3 || !front[0].startsWith("GPU-")) {
                throw new Unreadable("not a line of nvidia-smi --query-compute-apps: " + cut(line));
            }
            int pid;
            try {
                pid = Integer.parseInt(front[1].strip());
            } catch (NumberFormatException e) {
                throw new Unreadable("'" + cut(front[1]) + "' is not a process id in: " + cut(line));
            }
            String rest = front[2];
            int memoryAt = rest.lastIndexOf(',');
            if (memoryAt < 0) {
                throw new Unreadable("no memory column in: " + cut(line));
            }
            Integer index = indexByUuid.get(front[0].strip());
            if (index == null) {
                continue;
            }
            processes.add(new GpuProcess(
                    index, -1, pid, rest.substring(0, memoryAt).strip(), ToolMemory.mib(rest.substring(memoryAt + 1))));
        }
        return List.copyOf(processes);
    }

    private static String cut(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}

package io.headroom.agent.source;

/**
 * Ends a device tool together with whatever it started. A tool run through a wrapper script
 * (a site's own nvidia-smi shim, a container's entry point) has children that hold its output
 * open: killing only the tool would leave its reader waiting on them forever.
 */
final class ProcessTree {
    private ProcessTree() {}

    static void kill(Process process) {
        // Children first, so the tool cannot start a new one between the two.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}

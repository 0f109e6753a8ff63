package io.headroom.agent.workload;

import io.headroom.agent.source.OneShotCommand;
import io.headroom.core.fleet.Accelerator;
import io.headroom.protocol.v1.ComputeProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The compute processes one device tool lists (nvidia-smi or rocm-smi), each with its GPU and
 * its owner, whatever scheduler runs the node.
 */
public final class GpuProcesses {

    /** Runs a tool once with a timeout; {@link OneShotCommand#run} in the agent. */
    @FunctionalInterface
    public interface Tool {
        String run(List<String> argv, Duration timeout) throws IOException;
    }

    /** One reading of the tool's output into processes. */
    @FunctionalInterface
    interface Reading {
        List<GpuProcess> read(Tool tool, Duration timeout) throws IOException, NvidiaComputeApps.Unreadable;
    }

    private final String name;
    private final Reading reading;
    private final Tool tool;
    private final ProcessOwners owners;

    GpuProcesses(String name, Reading reading, Tool tool, ProcessOwners owners) {
        this.name = name;
        this.reading = reading;
        this.tool = tool;
        this.owners = owners;
    }

    /**
     * nvidia-smi's compute processes, by the GPU index the agent's inventory gives each UUID. With
     * MIG enabled on any GPU, {@code -q -x} instead: only it says which GPU instance a process is in.
     */
    public static GpuProcesses nvidia(Path nvidiaSmi, Supplier<List<Accelerator>> inventory, Tool tool) {
        return new GpuProcesses(
                "nvidia-smi-processes",
                (run, timeout) -> {
                    List<Accelerator> gpus = inventory.get();
                    Map<String, Integer> indexByUuid = new HashMap<>();
                    gpus.forEach(gpu -> indexByUuid.put(gpu.uuid(), gpu.index()));
                    if (gpus.stream().anyMatch(Accelerator::migEnabled)) {
                        return NvidiaXmlProcesses.parse(
                                run.run(command(nvidiaSmi, NvidiaXmlProcesses.ARGUMENTS), timeout), indexByUuid);
                    }
                    return NvidiaComputeApps.parse(
                            run.run(command(nvidiaSmi, NvidiaComputeApps.ARGUMENTS), timeout), indexByUuid);
                },
                tool,
                ProcessOwners.system());
    }

    public static GpuProcesses rocm(Path rocmSmi, Tool tool) {
        return new GpuProcesses(
                "rocm-smi-processes",
                (run, timeout) -> RocmPids.parse(run.run(command(rocmSmi, RocmPids.ARGUMENTS), timeout)),
                tool,
                ProcessOwners.system());
    }

    /** npu-smi info's process table, by the logic ids the agent's inventory gives each chip. */
    public static GpuProcesses ascend(Path npuSmi, Supplier<List<Accelerator>> inventory, Tool tool) {
        return new GpuProcesses(
                "npu-smi-processes",
                (run, timeout) ->
                        DomesticProcesses.ascend(run.run(command(npuSmi, List.of("info")), timeout), inventory.get()),
                tool,
                ProcessOwners.system());
    }

    /** cnmon's process table, by card. */
    public static GpuProcesses cambricon(Path cnmon, Tool tool) {
        return new GpuProcesses(
                "cnmon-processes",
                (run, timeout) -> DomesticProcesses.cambricon(run.run(command(cnmon, List.of()), timeout)),
                tool,
                ProcessOwners.system());
    }

    private static List<String> command(Path program, List<String> arguments) {
        List<String> argv = new ArrayList<>();
        argv.add(program.toString());
        argv.addAll(arguments);
        return argv;
    }

    /** What /metrics and the log call this reader. */
    public String name() {
        return name;
    }

    /** The processes now, on {@code host}; throws with a message for the operator's log. */
    List<ComputeProcess> read(String host, Duration timeout) throws IOException, NvidiaComputeApps.Unreadable {
        List<ComputeProcess> processes = new ArrayList<>();
        for (GpuProcess p : reading.read(tool, timeout)) {
            var process = ComputeProcess.newBuilder()
                    .setHostname(host)
                    .setGpuIndex(p.gpuIndex())
                    .setPid(p.pid())
                    .setProcessName(p.name())
                    .setMemoryUsedMib(p.memoryUsedMib())
                    .setUser(owners.user(p.pid()));
            if (p.gpuInstanceId() >= 0) {
                process.setGpuInstanceId(p.gpuInstanceId());
            }
            processes.add(process.build());
        }
        return List.copyOf(processes);
    }
}

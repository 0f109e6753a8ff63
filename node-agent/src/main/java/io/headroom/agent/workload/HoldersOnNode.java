package io.headroom.agent.workload;

import io.headroom.protocol.v1.ComputeProcess;
import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who holds each accelerator on this node: the scheduler's workloads with the compute
 * processes found on their GPUs attached, and a PROCESS workload for each process on a GPU
 * no scheduler workload holds ({@code process:<host>:<pid>}, one per process however many
 * GPUs it uses).
 */
final class HoldersOnNode {
    private HoldersOnNode() {}

    static List<Workload> merge(String host, List<Workload> scheduled, List<ComputeProcess> processes) {
        Map<String, Workload.Builder> byId = new LinkedHashMap<>();
        for (Workload workload : scheduled) {
            byId.put(workload.getId(), workload.toBuilder());
        }
        for (ComputeProcess process : processes) {
            Workload.Builder holder = byId.values().stream()
                    .filter(w -> w.getKind() != WorkloadKind.WORKLOAD_KIND_PROCESS && holds(w, host, process))
                    .findFirst()
                    .orElse(null);
            if (holder == null) {
                holder = byId.computeIfAbsent(
                        "process:" + host + ":" + process.getPid(),
                        id -> Workload.newBuilder()
                                .setId(id)
                                .setKind(WorkloadKind.WORKLOAD_KIND_PROCESS)
                                .setSchedulerId(Integer.toString(process.getPid()))
                                .setName(process.getProcessName())
                                .setUser(process.getUser()));
                Holding.Builder holding = Holding.newBuilder().setHostname(host).setGpuIndex(process.getGpuIndex());
                if (process.hasGpuInstanceId()) {
                    holding.setGpuInstanceId(process.getGpuInstanceId());
                }
                if (!holder.getHoldingsList().contains(holding.build())) {
                    holder.addHoldings(holding);
                }
            }
            holder.addProcesses(process);
        }
        List<Workload> all = new ArrayList<>();
        byId.values().forEach(w -> all.add(w.build()));
        return List.copyOf(all);
    }

    /** A holding of the whole GPU covers every instance on it; a holding of one instance, that instance. */
    private static boolean holds(Workload.Builder workload, String host, ComputeProcess process) {
        for (Holding holding : workload.getHoldingsList()) {
            if (holding.getHostname().equals(host)
                    && holding.getGpuIndex() == process.getGpuIndex()
                    && (!holding.hasGpuInstanceId()
                            || (process.hasGpuInstanceId()
                                    && holding.getGpuInstanceId() == process.getGpuInstanceId()))) {
                return true;
            }
        }
        return false;
    }
}

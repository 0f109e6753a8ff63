package io.headroom.client;

import io.headroom.core.workload.ComputeProcess;
import io.headroom.core.workload.Holding;
import io.headroom.core.workload.Workload;
import io.headroom.core.workload.WorkloadKind;
import io.headroom.wire.MalformedTelemetryException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns an agent's workloads into the console's. A workload the console cannot take (no id,
 * a holding without a node) is refused with the agent, the workload and the field named.
 */
final class WorkloadDecoder {

    private final String agent;

    WorkloadDecoder(String agent) {
        this.agent = agent;
    }

    List<Workload> decode(List<io.headroom.protocol.v1.Workload> workloads) {
        List<Workload> decoded = new ArrayList<>(workloads.size());
        for (int i = 0; i < workloads.size(); i++) {
            decoded.add(decode(workloads.get(i), i));
        }
        return decoded;
    }

    private Workload decode(io.headroom.protocol.v1.Workload w, int position) {
        if (w.getId().isBlank()) {
            throw malformed(
                    "workload #" + (position + 1) + " (" + w.getKind() + " " + w.getSchedulerId() + ") has no id");
        }
        List<Holding> holdings = new ArrayList<>(w.getHoldingsCount());
        for (var h : w.getHoldingsList()) {
            if (h.getHostname().isBlank()) {
                throw malformed("workload " + w.getId() + " holds GPU " + h.getGpuIndex() + " on a node with no name");
            }
            holdings.add(new Holding(
                    h.getHostname(), h.getGpuIndex(), h.hasGpuInstanceId() ? h.getGpuInstanceId() : Holding.WHOLE_GPU));
        }
        List<ComputeProcess> processes = new ArrayList<>(w.getProcessesCount());
        for (var p : w.getProcessesList()) {
            processes.add(new ComputeProcess(
                    p.getHostname(),
                    p.getGpuIndex(),
                    p.hasGpuInstanceId() ? p.getGpuInstanceId() : Holding.WHOLE_GPU,
                    Integer.toUnsignedLong(p.getPid()),
                    p.getProcessName(),
                    p.getMemoryUsedMib(),
                    p.getUser()));
        }
        return new Workload(
                w.getId(),
                kind(w),
                w.getSchedulerId(),
                w.getName(),
                w.getUser(),
                w.getAccount(),
                w.getPool(),
                w.getQos(),
                w.getNamespace(),
                w.getTenant(),
                w.getStartTimeMs() > 0 ? Optional.of(Instant.ofEpochMilli(w.getStartTimeMs())) : Optional.empty(),
                w.getTimeLimitMs() > 0 ? Optional.of(Duration.ofMillis(w.getTimeLimitMs())) : Optional.empty(),
                w.getRequeueable(),
                w.getOwnerKind(),
                w.getOwnerName(),
                w.getLabelsMap(),
                holdings,
                processes);
    }

    private WorkloadKind kind(io.headroom.protocol.v1.Workload w) {
        return switch (w.getKind()) {
            case WORKLOAD_KIND_SLURM_JOB -> WorkloadKind.SLURM_JOB;
            case WORKLOAD_KIND_KUBERNETES_POD -> WorkloadKind.KUBERNETES_POD;
            case WORKLOAD_KIND_PROCESS -> WorkloadKind.PROCESS;
            case WORKLOAD_KIND_UNSPECIFIED, UNRECOGNIZED ->
                throw malformed("workload " + w.getId() + " is of a kind this console does not know ("
                        + w.getKindValue() + ")");
        };
    }

    private MalformedTelemetryException malformed(String what) {
        return new MalformedTelemetryException("agent " + agent + ": " + what);
    }
}

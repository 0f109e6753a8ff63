package io.headroom.agent.operations.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.headroom.agent.operations.kubernetes.podresources.GpuAttribution;
import io.headroom.agent.operations.kubernetes.podresources.HeldGpu;
import io.headroom.agent.operations.kubernetes.podresources.PodGpus;
import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadKind;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pods that hold GPUs on this node as workloads: holdings from the kubelet, and from the
 * API server (when it answered) labels, owner and start time. A pod the API server did not
 * return is still a workload, with what the kubelet knows.
 *
 * @param pool             the node's pool (its pool label), null when unknown
 * @param userLabel        the pod label that names the person it is for, null when none does
 * @param namespaceTenants the tenant of each namespace that has one
 */
record PodWorkloads(String hostname, String pool, String userLabel, Map<String, String> namespaceTenants) {

    static final String CONTAINERS_LABEL = "headroom.io/gpu-containers";

    /**
     * @param pods the node's pods from the API server by "namespace/name"; empty when it could not be read
     */
    List<Workload> of(GpuAttribution attribution, Map<String, Pod> pods, PodOwners owners) {
        List<Workload> workloads = new ArrayList<>();
        for (PodGpus held : attribution.pods()) {
            workloads.add(workload(held, pods.get(held.id()), owners));
        }
        return workloads;
    }

    static String workloadId(String namespace, String pod) {
        return "k8s:" + namespace + "/" + pod;
    }

    private Workload workload(PodGpus held, Pod pod, PodOwners owners) {
        var workload = Workload.newBuilder()
                .setId(workloadId(held.namespace(), held.name()))
                .setKind(WorkloadKind.WORKLOAD_KIND_KUBERNETES_POD)
                .setSchedulerId(held.name())
                .setName(held.name())
                .setNamespace(held.namespace())
                .setTenant(namespaceTenants.getOrDefault(held.namespace(), ""))
                .setPool(pool == null ? "" : pool);
        for (HeldGpu gpu : held.gpus()) {
            var holding = Holding.newBuilder().setHostname(hostname).setGpuIndex(gpu.gpuIndex());
            if (!gpu.whole()) {
                holding.setGpuInstanceId(gpu.gpuInstanceId());
            }
            workload.addHoldings(holding);
        }
        if (pod != null) {
            Map<String, String> labels = pod.getMetadata().getLabels() == null
                    ? Map.of()
                    : pod.getMetadata().getLabels();
            workload.putAllLabels(labels);
            if (userLabel != null && labels.get(userLabel) != null) {
                workload.setUser(labels.get(userLabel));
            }
            PodOwners.Owner owner = owners.of(pod);
            workload.setOwnerKind(owner.kind()).setOwnerName(owner.name());
            workload.setStartTimeMs(startMillis(pod));
        }
        workload.putLabels(CONTAINERS_LABEL, String.join(",", held.containers()));
        return workload.build();
    }

    /** When the kubelet started it; 0 (unknown) before then or when the API server writes no time. */
    private static long startMillis(Pod pod) {
        String started = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
        if (started == null) {
            return 0;
        }
        try {
            return Instant.parse(started).toEpochMilli();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}

package io.headroom.agent.operations.kubernetes.podresources;

import java.util.List;

/**
 * The GPUs one pod holds on this node, as the kubelet gave them.
 *
 * @param gpus       each GPU or MIG instance once, in the kubelet's order
 * @param containers the containers that hold them
 */
public record PodGpus(String namespace, String name, List<HeldGpu> gpus, List<String> containers) {

    public PodGpus {
        gpus = List.copyOf(gpus);
        containers = List.copyOf(containers);
    }

    public String id() {
        return namespace + "/" + name;
    }
}

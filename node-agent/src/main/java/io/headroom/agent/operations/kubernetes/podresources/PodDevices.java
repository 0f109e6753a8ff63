package io.headroom.agent.operations.kubernetes.podresources;

import java.util.List;

/**
 * One pod as the kubelet lists it: the devices each of its containers was given.
 *
 * @param devices every device of every container, in the kubelet's order
 */
public record PodDevices(String namespace, String name, List<Device> devices) {

    public PodDevices {
        devices = List.copyOf(devices);
    }

    /** One device a container holds: {@code nvidia.com/gpu} and a GPU UUID, say. */
    public record Device(String container, String resource, String id) {}

    public String id() {
        return namespace + "/" + name;
    }
}

package io.headroom.agent.operations.kubernetes.podresources;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.MigSlice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which pod holds which GPU on this node: the kubelet's device ids placed through the agent's
 * inventory. The NVIDIA device plugin names a whole GPU by its UUID ({@code nvidia.com/gpu}) and
 * a MIG instance by the MIG device's UUID ({@code nvidia.com/mig-<profile>}, or {@code
 * nvidia.com/gpu} under the single MIG strategy); a time-sliced replica is the UUID with
 * {@code ::<n>} after it.
 *
 * @param pods    pods that hold at least one GPU or MIG instance here
 * @param unknown device ids of GPU resources the inventory does not have ({@code ns/pod: resource id})
 */
public record GpuAttribution(List<PodGpus> pods, List<String> unknown) {

    public GpuAttribution {
        pods = List.copyOf(pods);
        unknown = List.copyOf(unknown);
    }

    /** Places every GPU device of every pod; devices of other resources (CPUs, NICs) are left out. */
    public static GpuAttribution of(List<PodDevices> listed, List<Accelerator> inventory) {
        Map<String, HeldGpu> byUuid = new HashMap<>();
        for (Accelerator gpu : inventory) {
            put(byUuid, gpu.uuid(), new HeldGpu(gpu.index(), HeldGpu.WHOLE));
            for (MigSlice slice : gpu.slices()) {
                put(byUuid, slice.uuid(), new HeldGpu(gpu.index(), slice.gpuInstanceId()));
            }
        }
        List<PodGpus> pods = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (PodDevices pod : listed) {
            Set<HeldGpu> gpus = new LinkedHashSet<>();
            Set<String> containers = new LinkedHashSet<>();
            for (PodDevices.Device device : pod.devices()) {
                if (!isGpu(device.resource())) {
                    continue;
                }
                HeldGpu held = byUuid.get(key(device.id()));
                if (held == null) {
                    unknown.add(pod.id() + ": " + device.resource() + " " + device.id());
                    continue;
                }
                gpus.add(held);
                containers.add(device.container());
            }
            if (!gpus.isEmpty()) {
                pods.add(new PodGpus(pod.namespace(), pod.name(), List.copyOf(gpus), List.copyOf(containers)));
            }
        }
        return new GpuAttribution(pods, unknown);
    }

    public Optional<PodGpus> pod(String namespace, String name) {
        return pods.stream()
                .filter(p -> p.namespace().equals(namespace) && p.name().equals(name))
                .findFirst();
    }

    /** Which pods hold each GPU or MIG instance, in the pods' order. */
    public Map<HeldGpu, List<String>> holders() {
        Map<HeldGpu, List<String>> holders = new LinkedHashMap<>();
        for (PodGpus pod : pods) {
            for (HeldGpu gpu : pod.gpus()) {
                holders.computeIfAbsent(gpu, g -> new ArrayList<>()).add(pod.id());
            }
        }
        return holders;
    }

    static boolean isGpu(String resource) {
        return resource.equals("nvidia.com/gpu")
                || resource.equals("nvidia.com/gpu.shared")
                || resource.startsWith("nvidia.com/mig-");
    }

    private static void put(Map<String, HeldGpu> byUuid, String uuid, HeldGpu held) {
        if (uuid != null && !uuid.isBlank()) {
            byUuid.put(key(uuid), held);
        }
    }

    /** UUIDs as nvidia-smi and the device plugin both write them, without a time-slicing replica's suffix. */
    private static String key(String id) {
        int replica = id.indexOf("::");
        return (replica < 0 ? id : id.substring(0, replica)).strip().toLowerCase(Locale.ROOT);
    }
}

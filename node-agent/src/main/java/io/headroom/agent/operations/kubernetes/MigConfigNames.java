package io.headroom.agent.operations.kubernetes;

import io.headroom.core.fleet.MigProfile;
import io.headroom.core.mig.MigInstance;
import io.headroom.core.mig.MigLayout;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The NVIDIA GPU Operator re-slices through named configurations (its default mig-parted
 * config map), applied to every GPU of a node: {@code all-<profile>} fills each GPU with one
 * profile, {@code all-balanced} gives each 2 x 1g + 1 x 2g + 1 x 3g. A requested layout is
 * mapped to the name whose GPU instances it has; anything else has no name to set.
 */
final class MigConfigNames {

    private MigConfigNames() {}

    /** The configurations the default config map holds for a GPU with this much memory, and their instances. */
    static Map<String, Map<MigProfile, Integer>> accepted(long gpuMemoryMib) {
        Map<String, Map<MigProfile, Integer>> names = new LinkedHashMap<>();
        for (MigProfile profile : MigProfile.values()) {
            names.put(
                    "all-" + profile.nameFor(gpuMemoryMib).replace("+me", ".me"), Map.of(profile, profile.maxPerGpu()));
        }
        Map<MigProfile, Integer> balanced = new EnumMap<>(MigProfile.class);
        balanced.put(MigProfile.P19, 2);
        balanced.put(MigProfile.P14, 1);
        balanced.put(MigProfile.P9, 1);
        names.put("all-balanced", balanced);
        return names;
    }

    /** The configuration with exactly the layout's instances, if the default config map has one. */
    static Optional<String> of(MigLayout layout, long gpuMemoryMib) {
        Map<MigProfile, Integer> wanted = new EnumMap<>(MigProfile.class);
        for (MigInstance instance : layout.instances()) {
            wanted.merge(instance.profile(), 1, Integer::sum);
        }
        return accepted(gpuMemoryMib).entrySet().stream()
                .filter(e -> e.getValue().equals(wanted))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** "all-1g.10gb (7 x 1g.10gb), ...", for a refusal that says what would be accepted. */
    static String describeAccepted(long gpuMemoryMib) {
        List<String> lines = new ArrayList<>();
        accepted(gpuMemoryMib)
                .forEach((name, instances) -> lines.add(name + " ("
                        + instances.entrySet().stream()
                                .map(e -> e.getValue() + " x " + e.getKey().nameFor(gpuMemoryMib))
                                .collect(Collectors.joining(" + "))
                        + ")"));
        return String.join(", ", lines);
    }
}

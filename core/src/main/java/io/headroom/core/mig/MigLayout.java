package io.headroom.core.mig;

import io.headroom.core.fleet.MigProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A MIG layout that fits one GPU: checked against the profile table (counts per GPU, allowed
 * start positions, 7 compute and 8 memory slices, no two instances on one memory slice)
 * before anything runs on the GPU.
 */
public record MigLayout(List<MigInstance> instances) {

    public MigLayout {
        instances = instances.stream()
                .sorted(Comparator.comparingInt(MigInstance::start))
                .toList();
    }

    /** The GPU models the profile table in {@link MigProfile} describes. */
    private static final List<String> TABLE_MODELS = List.of("A100", "A800", "H100", "H800", "H200");

    /** Whether {@code model} (as the driver names it) has the MIG profiles of {@link MigProfile}. */
    public static boolean supports(String model) {
        String upper = model.toUpperCase(java.util.Locale.ROOT);
        return TABLE_MODELS.stream().anyMatch(upper::contains);
    }

    /**
     * Checks a requested layout for a GPU of {@code model} with {@code memoryMib}.
     *
     * @param requested profile id and start position of each instance, as the operator asked
     * @throws MigLayoutProblem naming the first rule broken
     */
    public static MigLayout check(String model, long memoryMib, List<int[]> requested) throws MigLayoutProblem {
        if (!supports(model)) {
            throw new MigLayoutProblem(model + " has no MIG profile table here: re-slicing is for "
                    + String.join(", ", TABLE_MODELS) + " GPUs");
        }
        if (requested.isEmpty()) {
            throw new MigLayoutProblem("the layout is empty: ask for at least one GPU instance");
        }
        List<MigInstance> instances = new ArrayList<>();
        for (int[] slice : requested) {
            MigProfile profile = MigProfile.byId(slice[0])
                    .orElseThrow(() ->
                            new MigLayoutProblem("MIG profile " + slice[0] + " does not exist; the profiles are "
                                    + java.util.Arrays.stream(MigProfile.values())
                                            .map(p -> p.id() + "")
                                            .collect(Collectors.joining(", "))));
            if (!profile.startPositions().contains(slice[1])) {
                throw new MigLayoutProblem(describe(profile, memoryMib) + " cannot start at memory slice " + slice[1]
                        + "; it can start at "
                        + profile.startPositions().stream().map(String::valueOf).collect(Collectors.joining(", ")));
            }
            instances.add(new MigInstance(profile, slice[1]));
        }
        checkCounts(instances, memoryMib);
        checkOverlap(instances, memoryMib);
        int compute =
                instances.stream().mapToInt(i -> i.profile().computeSlices()).sum();
        if (compute > MigProfile.COMPUTE_SLICES) {
            throw new MigLayoutProblem("the layout needs " + compute + " compute slices ("
                    + instances.stream()
                            .map(i -> String.valueOf(i.profile().computeSlices()))
                            .collect(Collectors.joining("+"))
                    + ") and a GPU has " + MigProfile.COMPUTE_SLICES);
        }
        return new MigLayout(instances);
    }

    private static void checkCounts(List<MigInstance> instances, long memoryMib) throws MigLayoutProblem {
        Map<MigProfile, Integer> counts = new EnumMap<>(MigProfile.class);
        instances.forEach(i -> counts.merge(i.profile(), 1, Integer::sum));
        for (var count : counts.entrySet()) {
            if (count.getValue() > count.getKey().maxPerGpu()) {
                throw new MigLayoutProblem("asked for " + count.getValue() + " x " + describe(count.getKey(), memoryMib)
                        + "; a GPU holds at most " + count.getKey().maxPerGpu());
            }
        }
    }

    private static void checkOverlap(List<MigInstance> instances, long memoryMib) throws MigLayoutProblem {
        MigInstance[] owner = new MigInstance[MigProfile.MEMORY_SLICES];
        for (MigInstance instance : instances) {
            for (int slice = instance.start(); slice < Math.min(instance.end(), MigProfile.MEMORY_SLICES); slice++) {
                if (owner[slice] != null) {
                    throw new MigLayoutProblem(describe(instance, memoryMib) + " and "
                            + describe(owner[slice], memoryMib) + " both need memory slice " + slice);
                }
                owner[slice] = instance;
            }
        }
    }

    /** The instance that starts at {@code start}, if any. */
    public Optional<MigInstance> at(int start) {
        return instances.stream().filter(i -> i.start() == start).findFirst();
    }

    static String describe(MigProfile profile, long memoryMib) {
        return "profile " + profile.id() + " (" + profile.nameFor(memoryMib) + ")";
    }

    static String describe(MigInstance instance, long memoryMib) {
        return instance.profile().nameFor(memoryMib) + "@" + instance.start();
    }
}

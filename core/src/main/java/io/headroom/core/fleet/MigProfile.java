package io.headroom.core.fleet;

import java.util.List;
import java.util.Optional;

/**
 * NVIDIA MIG GPU instance profiles. The ids are the same on A100, H100 and H200; the names
 * differ by the GPU's memory class (A100-40GB / 80GB-class / H200-141GB).
 */
public enum MigProfile {
    P19(19, "1g.5gb", "1g.10gb", "1g.18gb", 7, 1, 1, List.of(0, 1, 2, 3, 4, 5, 6)),
    P20(20, "1g.5gb+me", "1g.10gb+me", "1g.18gb+me", 1, 1, 1, List.of(0, 1, 2, 3, 4, 5, 6)),
    P15(15, "1g.10gb", "1g.20gb", "1g.35gb", 4, 1, 2, List.of(0, 2, 4, 6)),
    P14(14, "2g.10gb", "2g.20gb", "2g.35gb", 3, 2, 2, List.of(0, 2, 4)),
    P9(9, "3g.20gb", "3g.40gb", "3g.71gb", 2, 3, 4, List.of(0, 4)),
    P5(5, "4g.20gb", "4g.40gb", "4g.71gb", 1, 4, 4, List.of(0)),
    P0(0, "7g.40gb", "7g.80gb", "7g.141gb", 1, 7, 8, List.of(0));

    /** A MIG-capable GPU has 7 compute slices and 8 memory slices. */
    public static final int COMPUTE_SLICES = 7;

    public static final int MEMORY_SLICES = 8;

    private final int id;
    private final String name40gb;
    private final String name80gb;
    private final String name141gb;
    private final int maxPerGpu;
    private final int computeSlices;
    private final int memorySlices;
    // Always List.of(...), which is unmodifiable; the check only knows Guava's ImmutableList, which core does not use.
    @SuppressWarnings("ImmutableEnumChecker")
    private final List<Integer> startPositions;

    MigProfile(
            int id,
            String name40gb,
            String name80gb,
            String name141gb,
            int maxPerGpu,
            int computeSlices,
            int memorySlices,
            List<Integer> startPositions) {
        this.id = id;
        this.name40gb = name40gb;
        this.name80gb = name80gb;
        this.name141gb = name141gb;
        this.maxPerGpu = maxPerGpu;
        this.computeSlices = computeSlices;
        this.memorySlices = memorySlices;
        this.startPositions = startPositions;
    }

    public static Optional<MigProfile> byId(int id) {
        for (MigProfile profile : values()) {
            if (profile.id == id) {
                return Optional.of(profile);
            }
        }
        return Optional.empty();
    }

    public int id() {
        return id;
    }

    /** The profile's name on a GPU with this much memory, as nvidia-smi prints it. */
    public String nameFor(long gpuMemoryMib) {
        if (gpuMemoryMib > 100 * 1024) {
            return name141gb;
        }
        return gpuMemoryMib > 48 * 1024 ? name80gb : name40gb;
    }

    /** The memory of one instance of this profile on a GPU with this much memory. */
    public long memoryMibFor(long gpuMemoryMib) {
        return gpuMemoryMib * memorySlices / MEMORY_SLICES;
    }

    public int maxPerGpu() {
        return maxPerGpu;
    }

    public int computeSlices() {
        return computeSlices;
    }

    public int memorySlices() {
        return memorySlices;
    }

    public List<Integer> startPositions() {
        return startPositions;
    }
}

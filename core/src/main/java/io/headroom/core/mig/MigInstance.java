package io.headroom.core.mig;

import io.headroom.core.fleet.MigProfile;

/**
 * One GPU instance of a requested MIG layout: a profile placed at a memory slice.
 *
 * @param start the first of the eight memory slices it occupies
 */
public record MigInstance(MigProfile profile, int start) {

    /** The memory slices it occupies, {@code [start, end)}. */
    public int end() {
        return start + profile.memorySlices();
    }

    /** As nvidia-smi's {@code -cgi} takes it: {@code <profile id>:<start>}. */
    public String placementArgument() {
        return profile.id() + ":" + start;
    }
}

package io.headroom.core.fleet;

import java.util.List;

/**
 * One GPU (or other accelerator) as the node's driver reports it.
 *
 * @param index the driver's device index on its node
 * @param slices the MIG slices, empty when MIG is off
 */
public record Accelerator(
        String uuid,
        Vendor vendor,
        String model,
        long memoryTotalMib,
        int index,
        boolean migEnabled,
        List<MigSlice> slices) {
    public Accelerator {
        slices = List.copyOf(slices);
    }
}

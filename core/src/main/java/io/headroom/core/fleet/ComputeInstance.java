package io.headroom.core.fleet;

/**
 * One compute instance inside a MIG GPU instance: the part of the instance's SMs a CUDA
 * process runs on. Compute instances share their GPU instance's memory, so they have none of
 * their own here.
 *
 * @param id                   the driver's compute instance id, unique within its GPU instance
 * @param uuid                 the compute instance's own UUID, "" when the source gives none
 * @param multiprocessorCount  its SMs, 0 when the source does not say
 * @param computeSlices        its size in compute slices (the 2 of "2c.3g.40gb"), 0 when unknown
 */
public record ComputeInstance(int id, String uuid, int multiprocessorCount, int computeSlices) {
    public ComputeInstance {
        uuid = uuid == null ? "" : uuid;
    }

    /** "2c", or "?c" when the size is unknown. */
    public String sizeName() {
        return (computeSlices > 0 ? String.valueOf(computeSlices) : "?") + "c";
    }
}

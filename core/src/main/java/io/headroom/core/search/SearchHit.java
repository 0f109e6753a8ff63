package io.headroom.core.search;

/**
 * A place a search found: what matched, and where to go.
 *
 * @param text      the matched name as the inventory spells it ("gpu-h1-a03-n5", "H1-A03 U17")
 * @param nodeIndex the node to go to, or -1 for a rack or an empty unit
 * @param rackIndex the rack, or -1 when the node has none
 * @param slot      the GPU or MIG slice slot for a UUID, else -1
 */
public record SearchHit(Kind kind, String text, int nodeIndex, int rackIndex, int slot) {

    public enum Kind {
        HOSTNAME,
        SERIAL,
        GPU_UUID,
        RACK,
        RACK_UNIT,
        /** A job, pod or process, by its id, name, owner, account or namespace; goes to a node it holds GPUs on. */
        WORKLOAD
    }
}

package io.headroom.agent.history;

/**
 * The part of one accelerator's period a workload owner held it, by state. Seconds, like the
 * *_s fields of a history row; empty strings when the scheduler does not say.
 */
public record OwnerSeconds(
        String user,
        String account,
        String tenant,
        long busyS,
        long heldIdleS,
        long freeIdleS,
        long drainedS,
        long faultedS,
        long unknownS) {

    public long totalS() {
        return busyS + heldIdleS + freeIdleS + drainedS + faultedS + unknownS;
    }
}

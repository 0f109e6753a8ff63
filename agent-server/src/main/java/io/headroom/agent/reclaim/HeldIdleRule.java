package io.headroom.agent.reclaim;

import io.headroom.protocol.v1.Workload;
import java.time.Duration;
import java.util.Set;

/**
 * The held-idle policy of some pools: a workload whose every GPU has been below
 * {@code belowPct} for {@code warnAfter} is warned (its owner told, at most once each
 * {@code warnEvery}); after {@code reclaimAfter} it is eligible for reclaim, and with
 * {@code autoReclaim} the policy requeues, cancels or evicts it.
 *
 * @param pools        Slurm partitions, node pools or Kubernetes namespaces; "*" for any not named by another rule
 * @param reclaimAfter null when workloads here are never marked eligible
 * @param note         added to the automatic notice; may be empty
 */
public record HeldIdleRule(
        Set<String> pools,
        float belowPct,
        Duration warnAfter,
        Duration warnEvery,
        Duration reclaimAfter,
        boolean autoReclaim,
        Exemptions exempt,
        String note) {

    public HeldIdleRule {
        pools = Set.copyOf(pools);
    }

    boolean covers(Workload workload) {
        return (!workload.getPool().isEmpty() && pools.contains(workload.getPool()))
                || (!workload.getNamespace().isEmpty() && pools.contains(workload.getNamespace()));
    }

    public String describe() {
        return "held-idle rule for " + String.join(", ", pools.stream().sorted().toList());
    }
}

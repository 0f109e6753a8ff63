package io.headroom.agent.reclaim;

import io.headroom.protocol.v1.Workload;
import java.util.Map;
import java.util.Set;

/**
 * Workloads a held-idle rule leaves alone: by Slurm account, partition (or node pool), QOS, or
 * label ({@code value} "*" for any value of the key).
 */
public record Exemptions(Set<String> accounts, Set<String> partitions, Set<String> qos, Map<String, String> labels) {

    public static final Exemptions NONE = new Exemptions(Set.of(), Set.of(), Set.of(), Map.of());

    public Exemptions {
        accounts = Set.copyOf(accounts);
        partitions = Set.copyOf(partitions);
        qos = Set.copyOf(qos);
        labels = Map.copyOf(labels);
    }

    /** Why the workload is exempt, in words; null when it is not. */
    public String reasonFor(Workload workload) {
        if (!workload.getAccount().isEmpty() && accounts.contains(workload.getAccount())) {
            return "account " + workload.getAccount() + " is exempt";
        }
        if (!workload.getPool().isEmpty() && partitions.contains(workload.getPool())) {
            return "partition " + workload.getPool() + " is exempt";
        }
        if (!workload.getQos().isEmpty() && qos.contains(workload.getQos())) {
            return "QOS " + workload.getQos() + " is exempt";
        }
        for (var label : labels.entrySet()) {
            String value = workload.getLabelsMap().get(label.getKey());
            if (value != null
                    && ("*".equals(label.getValue()) || label.getValue().equals(value))) {
                return "label " + label.getKey() + "=" + value + " is exempt";
            }
        }
        return null;
    }
}

package io.headroom.agent.reclaim;

import io.headroom.protocol.v1.Workload;
import java.util.List;
import java.util.Optional;

/**
 * Which webhook tells the owner of a workload: the first whose pools name the workload's pool
 * (Slurm partition, node pool) or Kubernetes namespace, else the first that serves any pool ("*").
 */
public record WebhookRoutes(List<Webhook> webhooks) {

    public static final String ANY_POOL = "*";

    public WebhookRoutes {
        webhooks = List.copyOf(webhooks);
    }

    public static WebhookRoutes none() {
        return new WebhookRoutes(List.of());
    }

    public Optional<Webhook> forWorkload(Workload workload) {
        for (Webhook webhook : webhooks) {
            if (named(webhook, workload.getPool()) || named(webhook, workload.getNamespace())) {
                return Optional.of(webhook);
            }
        }
        return webhooks.stream().filter(w -> w.pools().contains(ANY_POOL)).findFirst();
    }

    private static boolean named(Webhook webhook, String pool) {
        return !pool.isEmpty() && webhook.pools().contains(pool);
    }

    /** The workload's pool as a message names it: its pool, else its namespace, else "(none)". */
    public static String poolOf(Workload workload) {
        if (!workload.getPool().isEmpty()) {
            return workload.getPool();
        }
        return workload.getNamespace().isEmpty() ? "(none)" : workload.getNamespace();
    }
}

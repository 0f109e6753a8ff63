package io.headroom.agent.operations.kubernetes;

import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.headroom.agent.source.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evicts pods through the Eviction API (policy/v1), which honours PodDisruptionBudgets: the
 * API server answers 429 while a budget allows no disruption. Those are tried again, with
 * backoff, until the deadline; what is still refused then is reported by name, not waited on.
 */
final class Evictions {

    enum Result {
        EVICTED,
        GONE,
        BLOCKED,
        FAILED
    }

    /** What happened to one pod: after how many tries, and why when it was not evicted. */
    record Outcome(PodOnNode pod, Result result, int tries, String detail) {
        String describe() {
            String after = tries == 1 ? "" : " after " + tries + " tries";
            return "POST " + pod.evictionPath() + ": "
                    + switch (result) {
                        case EVICTED -> "evicted" + after;
                        case GONE -> "already gone";
                        case BLOCKED -> "refused (429)" + after + (detail.isEmpty() ? "" : ": " + detail);
                        case FAILED -> "failed: " + detail;
                    };
        }
    }

    private final KubernetesClient client;
    private final Waiting waiting;
    private final Duration timeout;
    private final Backoff backoff;

    Evictions(KubernetesClient client, Waiting waiting, Duration timeout, Backoff backoff) {
        this.client = client;
        this.waiting = waiting;
        this.timeout = timeout;
        this.backoff = backoff;
    }

    List<Outcome> evict(List<PodOnNode> pods, DisruptionBudgets budgets) {
        long deadline = waiting.millis() + timeout.toMillis();
        Map<PodOnNode, Outcome> outcomes = new LinkedHashMap<>();
        List<PodOnNode> pending = new ArrayList<>(pods);
        Map<PodOnNode, Integer> tries = new LinkedHashMap<>();
        for (int round = 1; ; round++) {
            List<PodOnNode> refused = new ArrayList<>();
            for (PodOnNode pod : pending) {
                int attempt = tries.merge(pod, 1, Integer::sum);
                try {
                    if (client.pods()
                            .inNamespace(pod.namespace())
                            .withName(pod.name())
                            .evict(eviction(pod))) {
                        outcomes.put(pod, new Outcome(pod, Result.EVICTED, attempt, ""));
                    } else {
                        refused.add(pod);
                    }
                } catch (KubernetesClientException e) {
                    outcomes.put(
                            pod,
                            e.getCode() == 404
                                    ? new Outcome(pod, Result.GONE, attempt, "")
                                    : new Outcome(pod, Result.FAILED, attempt, KubernetesWords.of(e)));
                }
            }
            pending = refused;
            long left = deadline - waiting.millis();
            if (pending.isEmpty() || left <= 0) {
                break;
            }
            try {
                waiting.sleep(Math.min(left, backoff.after(round).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (PodOnNode pod : pending) {
            String why = budgets.guarding(pod)
                    .map(DisruptionBudgets.Guard::describe)
                    .orElse("a PodDisruptionBudget refused it");
            outcomes.put(pod, new Outcome(pod, Result.BLOCKED, tries.get(pod), why));
        }
        List<Outcome> inOrder = new ArrayList<>();
        pods.forEach(pod -> inOrder.add(outcomes.get(pod)));
        return inOrder;
    }

    private static Eviction eviction(PodOnNode pod) {
        return new EvictionBuilder()
                .withNewMetadata()
                .withName(pod.name())
                .withNamespace(pod.namespace())
                .endMetadata()
                .build();
    }
}

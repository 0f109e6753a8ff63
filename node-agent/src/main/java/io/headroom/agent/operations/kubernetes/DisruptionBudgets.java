package io.headroom.agent.operations.kubernetes;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PodDisruptionBudgets that guard the pods a drain would evict, read once per drain: to
 * say in a plan which evictions the API server would refuse now, and to name the budget when
 * it does. The API server decides (429); this only explains.
 */
final class DisruptionBudgets {

    /** A budget that guards a pod, and how many disruptions it allows at this moment. */
    record Guard(String id, int disruptionsAllowed) {
        String describe() {
            return "PodDisruptionBudget " + id + " allows "
                    + (disruptionsAllowed <= 0
                            ? "no disruption"
                            : disruptionsAllowed + " disruption" + (disruptionsAllowed == 1 ? "" : "s"))
                    + " now";
        }
    }

    private final KubernetesClient client;
    private final Map<String, List<PodDisruptionBudget>> byNamespace = new HashMap<>();

    DisruptionBudgets(KubernetesClient client) {
        this.client = client;
    }

    /** The tightest budget guarding the pod, if any. */
    Optional<Guard> guarding(PodOnNode pod) {
        List<PodDisruptionBudget> budgets = byNamespace.computeIfAbsent(
                pod.namespace(),
                ns -> client.policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(ns)
                        .list()
                        .getItems());
        Guard tightest = null;
        for (PodDisruptionBudget budget : budgets) {
            if (budget.getSpec() == null || !matches(budget.getSpec().getSelector(), pod.labels())) {
                continue;
            }
            Integer allowed =
                    budget.getStatus() == null ? null : budget.getStatus().getDisruptionsAllowed();
            Guard guard =
                    new Guard(pod.namespace() + "/" + budget.getMetadata().getName(), allowed == null ? 0 : allowed);
            if (tightest == null || guard.disruptionsAllowed() < tightest.disruptionsAllowed()) {
                tightest = guard;
            }
        }
        return Optional.ofNullable(tightest);
    }

    /** Kubernetes label selector semantics: a null selector selects nothing, an empty one everything. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null) {
            for (var wanted : selector.getMatchLabels().entrySet()) {
                if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                String value = labels.get(requirement.getKey());
                List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
                boolean ok = switch (requirement.getOperator()) {
                    case "In" -> value != null && values.contains(value);
                    case "NotIn" -> value == null || !values.contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> false; // an operator this agent does not know: assume it does not match
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}

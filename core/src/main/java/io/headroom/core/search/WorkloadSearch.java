package io.headroom.core.search;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.workload.FleetWorkloads;
import io.headroom.core.workload.Holding;
import io.headroom.core.workload.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds workloads by what an operator has from a ticket or a chat: a Slurm job id, a pod name, a
 * user, an account or a namespace. Case-insensitive; exact matches first, then prefixes, then
 * text that contains the query. Each hit goes to the first node the workload holds GPUs on.
 * A scan of every workload per query: a few thousand comparisons, no index to keep current.
 */
public final class WorkloadSearch {

    private WorkloadSearch() {}

    /** At most {@code limit} workloads for the typed text, best first; none for blank text. */
    public static List<SearchHit> find(FleetWorkloads workloads, FleetLayout layout, String query, int limit) {
        String q = lower(query == null ? "" : query.strip());
        List<Scored> scored = new ArrayList<>();
        if (q.isEmpty() || limit <= 0) {
            return List.of();
        }
        for (Workload workload : workloads.all()) {
            int score = Math.min(
                    Math.min(score(workload.schedulerId(), q), score(workload.name(), q)),
                    Math.min(
                            Math.min(score(workload.user(), q), score(workload.account(), q)),
                            Math.min(score(workload.namespace(), q), score(workload.id(), q))));
            if (score < NONE) {
                scored.add(new Scored(score, workload));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::score)
                .thenComparing(s -> s.workload().id()));
        List<SearchHit> hits = new ArrayList<>(Math.min(limit, scored.size()));
        for (int i = 0; i < scored.size() && hits.size() < limit; i++) {
            hits.add(hit(scored.get(i).workload(), layout));
        }
        return hits;
    }

    private static final int NONE = 3;

    private record Scored(int score, Workload workload) {}

    /** 0 exact, 1 prefix, 2 contains, {@link #NONE} no match. */
    private static int score(String text, String q) {
        if (text.isEmpty()) {
            return NONE;
        }
        String t = lower(text);
        return t.equals(q) ? 0 : t.startsWith(q) ? 1 : t.contains(q) ? 2 : NONE;
    }

    private static SearchHit hit(Workload workload, FleetLayout layout) {
        int node = FleetLayout.NONE;
        for (Holding holding : workload.holdings()) {
            node = layout.nodeIndex(holding.hostname());
            if (node != FleetLayout.NONE) {
                break;
            }
        }
        String id = workload.schedulerId().isEmpty() ? workload.id() : workload.schedulerId();
        String text = workload.user().isEmpty() ? id : id + " \u00b7 " + workload.user();
        return new SearchHit(
                SearchHit.Kind.WORKLOAD,
                text,
                node,
                node == FleetLayout.NONE ? FleetLayout.NONE : layout.rackOfNode(node),
                FleetLayout.NONE);
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}

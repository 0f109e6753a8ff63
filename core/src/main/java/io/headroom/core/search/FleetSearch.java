package io.headroom.core.search;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a node by what a technician has in hand: a hostname, a serial from the chassis label,
 * a GPU or MIG UUID from a log, a rack id ("H1-A03") or a rack and unit ("H1-A03 U17").
 * Case-insensitive; exact matches first, then prefixes, then names that contain the text.
 *
 * <p>The index is built once per {@link FleetLayout}: names lower-cased and sorted, so a
 * prefix is two binary searches, and a contains scan touches each name once. Immutable,
 * so any thread may search it.
 */
public final class FleetSearch {

    private static final Pattern RACK_UNIT = Pattern.compile("^(\\S+)\\s+u\\s*(\\d{1,3})$");

    private final FleetLayout layout;
    private final String[] keys;
    private final SearchHit[] hits;
    private final Map<String, Integer> rackById = new HashMap<>();
    private final int[][] rackNodes;

    public FleetSearch(FleetLayout layout) {
        this.layout = layout;
        List<SearchHit> entries = new ArrayList<>(layout.slotCount() + 2 * layout.nodeCount() + layout.rackCount());
        for (int rack = 0; rack < layout.rackCount(); rack++) {
            String id = layout.rack(rack).id();
            rackById.put(lower(id), rack);
            entries.add(new SearchHit(SearchHit.Kind.RACK, id, FleetLayout.NONE, rack, FleetLayout.NONE));
        }
        List<List<Integer>> nodesOfRack = new ArrayList<>();
        for (int rack = 0; rack < layout.rackCount(); rack++) {
            nodesOfRack.add(new ArrayList<>());
        }
        for (int node = 0; node < layout.nodeCount(); node++) {
            Node n = layout.node(node);
            int rack = layout.rackOfNode(node);
            entries.add(new SearchHit(SearchHit.Kind.HOSTNAME, n.hostname(), node, rack, FleetLayout.NONE));
            entries.add(new SearchHit(SearchHit.Kind.SERIAL, n.serial(), node, rack, FleetLayout.NONE));
            if (rack != FleetLayout.NONE) {
                nodesOfRack.get(rack).add(node);
            }
        }
        for (int slot = 0; slot < layout.slotCount(); slot++) {
            MigSlice slice = layout.slice(slot);
            String uuid = slice == null ? layout.accelerator(slot).uuid() : slice.uuid();
            int node = layout.nodeOfSlot(slot);
            entries.add(new SearchHit(SearchHit.Kind.GPU_UUID, uuid, node, layout.rackOfNode(node), slot));
        }
        entries.removeIf(hit -> hit.text() == null || hit.text().isBlank());
        entries.sort(Comparator.comparing((SearchHit hit) -> lower(hit.text())).thenComparing(SearchHit::kind));
        hits = entries.toArray(SearchHit[]::new);
        keys = new String[hits.length];
        for (int i = 0; i < hits.length; i++) {
            keys[i] = lower(hits[i].text());
        }
        rackNodes = nodesOfRack.stream()
                .map(list -> list.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }

    public FleetLayout layout() {
        return layout;
    }

    /** At most {@code limit} places for the typed text, best first; none for blank text. */
    public List<SearchHit> find(String query, int limit) {
        String q = lower(query == null ? "" : query.strip());
        List<SearchHit> found = new ArrayList<>();
        if (q.isEmpty() || limit <= 0) {
            return found;
        }
        rackUnit(q, found);
        int from = lowerBound(q);
        int to = lowerBound(q + Character.MAX_VALUE);
        for (int i = from; i < to && found.size() < limit; i++) {
            if (keys[i].equals(q)) {
                found.add(hits[i]);
            }
        }
        for (int i = from; i < to && found.size() < limit; i++) {
            if (!keys[i].equals(q)) {
                found.add(hits[i]);
            }
        }
        for (int i = 0; i < keys.length && found.size() < limit; i++) {
            if ((i < from || i >= to) && keys[i].contains(q)) {
                found.add(hits[i]);
            }
        }
        return found;
    }

    /** "H1-A03 U17": the node in that unit, or the rack itself when the unit is empty. */
    private void rackUnit(String q, List<SearchHit> found) {
        Matcher matcher = RACK_UNIT.matcher(q);
        Integer rack = matcher.matches() ? rackById.get(matcher.group(1)) : null;
        if (rack == null) {
            return;
        }
        int unit = Integer.parseInt(matcher.group(2));
        String text = layout.rack(rack).id() + " U" + unit;
        for (int node : rackNodes[rack]) {
            Node n = layout.node(node);
            if (unit >= n.uPosition() && unit < n.uPosition() + Math.max(1, n.uHeight())) {
                found.add(new SearchHit(SearchHit.Kind.RACK_UNIT, text, node, rack, FleetLayout.NONE));
                return;
            }
        }
        found.add(new SearchHit(SearchHit.Kind.RACK_UNIT, text, FleetLayout.NONE, rack, FleetLayout.NONE));
    }

    private int lowerBound(String key) {
        int found = Arrays.binarySearch(keys, key);
        if (found >= 0) {
            // Several entries may share a name (a hostname that is also a serial): go to the first.
            while (found > 0 && keys[found - 1].equals(key)) {
                found--;
            }
            return found;
        }
        return -found - 1;
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}

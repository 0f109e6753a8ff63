package io.headroom.agent.history;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Where each GPU is and what it is, by UUID, from the served inventory: what groupings key on.
 * Halls, racks and pools are also numbered in key order ({@link #halls()}...), so a grouping of
 * many GPUs adds into an array rather than a map keyed by name.
 */
final class Placements {

    /**
     * One GPU's place; {@code hallNo}, {@code rackNo} and {@code poolNo} index {@link #halls()},
     * {@link #racks()} and {@link #pools()}.
     */
    record Placement(
            String hostname,
            String rack,
            String hall,
            String pool,
            String tenant,
            String model,
            String vendor,
            int hallNo,
            int rackNo,
            int poolNo) {}

    private final Map<String, Placement> byUuid = new HashMap<>();
    private final Map<String, Node> nodes = new HashMap<>();
    private final List<String> halls;
    private final List<String> racks;
    private final List<String> pools;

    Placements(Inventory inventory) {
        Map<String, String> hallOfRack = new HashMap<>();
        for (Rack rack : inventory.racks()) {
            hallOfRack.put(rack.id(), rack.hallId());
        }
        // "" is every GPU no longer in the inventory, and sorts first, as a TreeMap of names would put it.
        var hallNames = new TreeSet<>(List.of(""));
        var rackNames = new TreeSet<>(List.of(""));
        var poolNames = new TreeSet<>(List.of(""));
        for (Node node : inventory.nodes()) {
            rackNames.add(node.rackId());
            hallNames.add(hallOfRack.getOrDefault(node.rackId(), ""));
            poolNames.add(node.pool());
        }
        halls = List.copyOf(hallNames);
        racks = List.copyOf(rackNames);
        pools = List.copyOf(poolNames);
        Map<String, Integer> hallNo = numbered(halls);
        Map<String, Integer> rackNo = numbered(racks);
        Map<String, Integer> poolNo = numbered(pools);
        for (Node node : inventory.nodes()) {
            nodes.put(node.hostname(), node);
            String hall = hallOfRack.getOrDefault(node.rackId(), "");
            for (Accelerator gpu : node.accelerators()) {
                byUuid.put(
                        gpu.uuid(),
                        new Placement(
                                node.hostname(),
                                node.rackId(),
                                hall,
                                node.pool(),
                                node.tenant(),
                                gpu.model(),
                                gpu.vendor().name(),
                                hallNo.get(hall),
                                rackNo.get(node.rackId()),
                                poolNo.get(node.pool())));
            }
        }
    }

    private static Map<String, Integer> numbered(List<String> names) {
        Map<String, Integer> numbers = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            numbers.put(names.get(i), i);
        }
        return numbers;
    }

    /** Null for a GPU no longer in the inventory. */
    Placement of(String uuid) {
        return byUuid.get(uuid);
    }

    /** The node's own tenant, for time nobody held its GPUs; empty when unknown. */
    String nodeTenant(String hostname) {
        Node node = nodes.get(hostname);
        return node == null ? "" : node.tenant();
    }

    /** Hall names in key order, "" (no hall, or not in the inventory) first. */
    List<String> halls() {
        return halls;
    }

    /** Rack names in key order, "" first. */
    List<String> racks() {
        return racks;
    }

    /** Pool names in key order, "" first. */
    List<String> pools() {
        return pools;
    }

    /**
     * Places looked up by a row's position in its period: the rows of every period come in the
     * same (key) order, so the place found for the k-th row of the last period is the k-th row's
     * again whenever its key is. One comparison of keys (usually the same string object) instead
     * of a hash look-up in a map of every GPU, whose entries miss the cache at 100,000 GPUs.
     */
    final class ByPosition {
        private String[] keys = new String[0];
        private Placement[] places = new Placement[0];

        Placement at(int position, String key) {
            if (position >= keys.length) {
                int size = Math.max(position + 1, keys.length * 2);
                keys = java.util.Arrays.copyOf(keys, size);
                places = java.util.Arrays.copyOf(places, size);
            }
            String seen = keys[position];
            // Identity first: a row source hands out the same key strings period after period.
            @SuppressWarnings("ReferenceEquality")
            boolean same = seen == key || (seen != null && seen.equals(key));
            if (!same) {
                keys[position] = key;
                places[position] = of(key);
            }
            return places[position];
        }
    }
}

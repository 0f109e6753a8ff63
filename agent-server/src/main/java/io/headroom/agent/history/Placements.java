package io.headroom.agent.history;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import java.util.HashMap;
import java.util.Map;

/** Where each GPU is and what it is, by UUID, from the served inventory: what groupings key on. */
final class Placements {

    record Placement(
            String hostname, String rack, String hall, String pool, String tenant, String model, String vendor) {}

    private final Map<String, Placement> byUuid = new HashMap<>();
    private final Map<String, Node> nodes = new HashMap<>();

    Placements(Inventory inventory) {
        Map<String, String> hallOfRack = new HashMap<>();
        for (Rack rack : inventory.racks()) {
            hallOfRack.put(rack.id(), rack.hallId());
        }
        for (Node node : inventory.nodes()) {
            nodes.put(node.hostname(), node);
            for (Accelerator gpu : node.accelerators()) {
                byUuid.put(
                        gpu.uuid(),
                        new Placement(
                                node.hostname(),
                                node.rackId(),
                                hallOfRack.getOrDefault(node.rackId(), ""),
                                node.pool(),
                                node.tenant(),
                                gpu.model(),
                                gpu.vendor().name()));
            }
        }
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
}

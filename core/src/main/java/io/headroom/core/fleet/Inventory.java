package io.headroom.core.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * The physical and logical layout reported by one server, or merged from many.
 *
 * @param version bumped by the reporting server whenever anything in it changes
 */
public record Inventory(
        String serverId, long version, List<Site> sites, List<Hall> halls, List<Rack> racks, List<Node> nodes) {

    public static final Inventory EMPTY = new Inventory("", 0, List.of(), List.of(), List.of(), List.of());

    public Inventory {
        sites = List.copyOf(sites);
        halls = List.copyOf(halls);
        racks = List.copyOf(racks);
        nodes = List.copyOf(nodes);
    }

    public int acceleratorCount() {
        int count = 0;
        for (Node node : nodes) {
            count += node.accelerators().size();
        }
        return count;
    }

    /**
     * Several servers' inventories as one. Sites, halls and racks that several servers
     * report (a relay and the agents behind it, say) appear once; nodes are never shared.
     */
    public static Inventory merge(String serverId, long version, List<Inventory> parts) {
        var sites = new java.util.LinkedHashMap<String, Site>();
        var halls = new java.util.LinkedHashMap<String, Hall>();
        var racks = new java.util.LinkedHashMap<String, Rack>();
        var nodes = new java.util.LinkedHashMap<String, Node>();
        for (Inventory part : parts) {
            part.sites.forEach(s -> sites.putIfAbsent(s.id(), s));
            part.halls.forEach(h -> halls.putIfAbsent(h.id(), h));
            part.racks.forEach(r -> racks.putIfAbsent(r.id(), r));
            part.nodes.forEach(n -> nodes.putIfAbsent(n.hostname(), n));
        }
        return new Inventory(
                serverId,
                version,
                new ArrayList<>(sites.values()),
                new ArrayList<>(halls.values()),
                new ArrayList<>(racks.values()),
                new ArrayList<>(nodes.values()));
    }
}

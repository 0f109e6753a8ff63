package io.headroom.agent.exporter;

import io.headroom.core.fleet.FleetLayout;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The scrape endpoints of one inventory: each a path and the nodes it serves. */
final class ExporterEndpoints {

    /** @param instance what Prometheus should call the target: the rack or the hostname */
    // node indexes walked on every scrape of the endpoint; a List would box them; never compared or hashed
    @SuppressWarnings("ArrayRecordComponent")
    record Endpoint(String path, String instance, int[] nodes) {}

    private final List<Endpoint> endpoints;
    private final Map<String, Endpoint> byPath;

    ExporterEndpoints(FleetLayout layout, EndpointGrouping grouping) {
        endpoints = new ArrayList<>();
        if (grouping == EndpointGrouping.NODE) {
            for (int n = 0; n < layout.nodeCount(); n++) {
                String hostname = layout.node(n).hostname();
                endpoints.add(new Endpoint("/nodes/" + pathSegment(hostname) + "/metrics", hostname, new int[] {n}));
            }
        } else {
            // Nodes of a rack are not necessarily neighbours in the inventory: collect them by rack.
            List<List<Integer>> byRack = new ArrayList<>();
            for (int r = 0; r < layout.rackCount(); r++) {
                byRack.add(new ArrayList<>());
            }
            List<Integer> rackless = new ArrayList<>();
            for (int n = 0; n < layout.nodeCount(); n++) {
                int rack = layout.rackOfNode(n);
                (rack == FleetLayout.NONE ? rackless : byRack.get(rack)).add(n);
            }
            for (int r = 0; r < layout.rackCount(); r++) {
                if (!byRack.get(r).isEmpty()) {
                    String rack = layout.rack(r).id();
                    endpoints.add(
                            new Endpoint("/racks/" + pathSegment(rack) + "/metrics", rack, toArray(byRack.get(r))));
                }
            }
            if (!rackless.isEmpty()) {
                endpoints.add(new Endpoint("/racks/-/metrics", "no rack", toArray(rackless)));
            }
        }
        byPath = new HashMap<>(endpoints.size() * 2);
        for (Endpoint endpoint : endpoints) {
            byPath.put(endpoint.path(), endpoint);
        }
    }

    List<Endpoint> all() {
        return endpoints;
    }

    /** The endpoint at this raw (still encoded) path, or null. */
    Endpoint at(String rawPath) {
        return byPath.get(rawPath);
    }

    /**
     * The endpoints as a Prometheus file-based service discovery document: one target group per
     * endpoint with its {@code __metrics_path__} and an {@code instance} label naming the rack or
     * node (all targets share one host and port, so the default instance would not tell them apart).
     */
    String fileSdJson(String hostAndPort) {
        StringBuilder json = new StringBuilder(endpoints.size() * 120).append("[\n");
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint endpoint = endpoints.get(i);
            json.append("  {\"targets\":[\"")
                    .append(jsonText(hostAndPort))
                    .append("\"],\"labels\":{\"__metrics_path__\":\"")
                    .append(jsonText(endpoint.path()))
                    .append("\",\"instance\":\"")
                    .append(jsonText(endpoint.instance()))
                    .append("\"}}")
                    .append(i + 1 < endpoints.size() ? ",\n" : "\n");
        }
        return json.append("]\n").toString();
    }

    private static String pathSegment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String jsonText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static int[] toArray(List<Integer> nodes) {
        return nodes.stream().mapToInt(Integer::intValue).toArray();
    }
}

package io.headroom.agent.exporter;

import java.util.Locale;

/**
 * How the simulated fleet's nodes are cut into scrape endpoints. A real site runs one
 * dcgm-exporter per node; a rack per endpoint serves the same rows with eight times fewer
 * HTTP requests, which is what keeps 100,000 GPUs within reach of one Prometheus on a small
 * machine (the per-row work, parsing and appending, is the same either way).
 */
public enum EndpointGrouping {
    /** {@code /racks/<rack>/metrics}: every node of a rack. */
    RACK,
    /** {@code /nodes/<hostname>/metrics}: one node, as a real dcgm-exporter. */
    NODE;

    /** "rack" or "node", as typed on the command line. */
    public static EndpointGrouping parse(String text) {
        for (EndpointGrouping grouping : values()) {
            if (grouping.name().equalsIgnoreCase(text.trim())) {
                return grouping;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not an endpoint grouping; use rack or node");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

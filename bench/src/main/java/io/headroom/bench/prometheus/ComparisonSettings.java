package io.headroom.bench.prometheus;

import java.time.Duration;
import java.util.List;

/**
 * How long each case warms up and is measured, how often freshness is probed, how the child
 * JVMs run, and how often the all-series query is repeated.
 */
record ComparisonSettings(
        int warmUpSeconds,
        int windowSeconds,
        Duration probe,
        List<String> consumerJvmOptions,
        int readAllRuns,
        Duration queryTimeout) {

    /**
     * A slow scrape interval needs a few rounds before and within the window to mean anything
     * (the first rounds also create every series, the costliest part of ingesting); Prometheus
     * also applies newly discovered targets only on its 5-second reload tick.
     */
    int warmUpSeconds(Duration scrapeInterval) {
        return (int) Math.max(warmUpSeconds, 5 + 3 * scrapeInterval.toSeconds());
    }

    int windowSeconds(Duration scrapeInterval) {
        return (int) Math.max(windowSeconds, 4 * scrapeInterval.toSeconds());
    }
}

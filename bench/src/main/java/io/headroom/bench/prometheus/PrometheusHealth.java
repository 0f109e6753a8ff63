package io.headroom.bench.prometheus;

/**
 * Whether Prometheus kept up, from its own series over the window: targets up at the end,
 * scrapes done and successful against one per target per interval, scrape durations,
 * samples appended against what every target's every scrape would give, and the intervals
 * it really achieved (its own summary, since it started).
 */
record PrometheusHealth(
        int targets,
        int targetsUp,
        double scrapes,
        double scrapesSucceeded,
        double scrapesExpected,
        double averageScrapeSeconds,
        double longestScrapeSeconds,
        double samplesAppendedPerSecond,
        double samplesExpectedPerSecond,
        double headSeries,
        double intervalP50Seconds,
        double intervalP99Seconds) {}

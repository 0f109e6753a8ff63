package io.headroom.bench.prometheus;

/**
 * One pipeline's column of the comparison.
 *
 * @param cpuSeconds     the collecting process's CPU over the window
 * @param readEvery      reading every value of every GPU (all fields)
 * @param readOneField   reading one field (utilization) of every GPU
 * @param readSummary    Headroom only: the console's fleet summary (every GPU's state)
 * @param health         Prometheus only, else null
 */
record PipelineFigures(
        String name,
        FreshnessFigures freshness,
        double cpuSeconds,
        long rssBytes,
        long peakRssBytes,
        long peakRssAfterReadsBytes,
        ReadTimes readEvery,
        ReadTimes readOneField,
        ReadTimes readSummary,
        MachineWindow machine,
        PrometheusHealth health,
        String note) {

    double collectorCores() {
        return cpuSeconds / machine.seconds();
    }
}

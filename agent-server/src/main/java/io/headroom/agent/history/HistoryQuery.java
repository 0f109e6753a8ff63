package io.headroom.agent.history;

import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryResolution;
import java.util.Set;

/**
 * One GetHistory request in whole periods: [fromMs, toMs) rounded down and up to the resolution,
 * and the nodes it is about (empty for all).
 */
public record HistoryQuery(long fromMs, long toMs, HistoryResolution resolution, Set<String> hostnames) {

    public static final long MINUTE_MS = 60_000L;
    public static final long HOUR_MS = 3_600_000L;
    /** UTC days: leap seconds are not in epoch milliseconds. */
    public static final long DAY_MS = 86_400_000L;

    public HistoryQuery {
        hostnames = Set.copyOf(hostnames);
    }

    public static HistoryQuery of(GetHistoryRequest request) {
        long period = periodMs(request.getResolution());
        return new HistoryQuery(
                Math.floorDiv(request.getFromMs(), period) * period,
                Math.floorDiv(request.getToMs() + period - 1, period) * period,
                request.getResolution(),
                Set.copyOf(request.getHostnamesList()));
    }

    public static long periodMs(HistoryResolution resolution) {
        return switch (resolution) {
            case HISTORY_RESOLUTION_MINUTE -> MINUTE_MS;
            case HISTORY_RESOLUTION_HOUR -> HOUR_MS;
            case HISTORY_RESOLUTION_DAY -> DAY_MS;
            default -> throw new IllegalArgumentException("no period for " + resolution);
        };
    }

    public long periodMs() {
        return periodMs(resolution);
    }

    public boolean wants(String hostname) {
        return hostnames.isEmpty() || hostnames.contains(hostname);
    }

    public boolean covers(long periodStartMs) {
        return periodStartMs >= fromMs && periodStartMs < toMs;
    }
}

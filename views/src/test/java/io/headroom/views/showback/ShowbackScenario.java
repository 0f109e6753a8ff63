package io.headroom.views.showback;

import io.headroom.core.showback.ShowbackGrouping;
import io.headroom.core.showback.UsageAnswer;
import io.headroom.core.showback.UsageGap;
import io.headroom.core.showback.UsageHistory;
import io.headroom.core.showback.UsageQuery;
import io.headroom.core.showback.UsageRow;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A site's last 7 days by tenant, made up by hand: physics runs busy, "notebooks" holds GPUs
 * idle (its share marked), chem is half held idle, free GPUs belong to nobody, and one day has
 * a node whose agent was down (uncovered time and a gap).
 */
final class ShowbackScenario implements UsageHistory {

    static final Instant NOW = Instant.parse("2026-12-06T02:30:00Z");
    static final long DAY_MS = 86_400_000L;
    static final long HOUR = 3600;

    final List<UsageQuery> asked = new ArrayList<>();

    @Override
    public CompletableFuture<UsageAnswer> fetch(UsageQuery query) {
        asked.add(query);
        return CompletableFuture.completedFuture(answer(query));
    }

    static UsageAnswer answer(UsageQuery query) {
        List<UsageRow> rows = new ArrayList<>();
        for (long day = query.fromMs(); day < query.toMs(); day += DAY_MS) {
            boolean weekend = (day - query.fromMs()) / DAY_MS >= 5;
            rows.add(new UsageRow(
                    day,
                    key(query, "physics"),
                    64,
                    (weekend ? 900 : 1400) * HOUR,
                    (weekend ? 400 : 80) * HOUR,
                    0,
                    0,
                    0,
                    0,
                    (weekend ? 236 : 56) * HOUR,
                    64 * 989.0));
            rows.add(new UsageRow(
                    day, key(query, "notebooks"), 16, 60 * HOUR, 300 * HOUR, 0, 0, 0, 24 * HOUR, 0, 16 * 989.0));
            rows.add(new UsageRow(day, key(query, "chem"), 8, 96 * HOUR, 96 * HOUR, 0, 0, 0, 0, 0, 8 * 312.0));
            rows.add(new UsageRow(day, "", 12, 0, 0, 12 * 20 * HOUR, 24 * HOUR, 24 * HOUR, 0, 0, 0));
        }
        return new UsageAnswer(
                query,
                List.of("relay-hall-a"),
                rows,
                List.of(new UsageGap("gpu-b07-n03", query.toMs() - 2 * DAY_MS, query.toMs(), "agent unreachable")));
    }

    private static String key(UsageQuery query, String tenant) {
        return query.grouping() == ShowbackGrouping.TENANT
                ? tenant
                : query.grouping().id() + "-" + tenant;
    }

    static InstantSource clock() {
        return InstantSource.fixed(NOW);
    }
}

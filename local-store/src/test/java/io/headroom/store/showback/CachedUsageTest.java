package io.headroom.store.showback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.showback.ShowbackGrouping;
import io.headroom.core.showback.UsageAnswer;
import io.headroom.core.showback.UsageHistory;
import io.headroom.core.showback.UsageQuery;
import io.headroom.core.showback.UsageRow;
import io.headroom.core.showback.UsageUnavailableException;
import io.headroom.store.LocalStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Usage kept as it arrives and shown offline, named as such; rows of one day from two agents kept as one. */
class CachedUsageTest {

    static final long DAY = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    static final UsageQuery QUERY = new UsageQuery(DAY, DAY + 86_400_000L, ShowbackGrouping.TENANT);
    static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-12-02T06:00:00Z"));

    private final LocalStore store = LocalStore.inMemory("test");
    private final StoredUsage stored = new StoredUsage(store);

    @AfterEach
    void close() {
        store.close();
    }

    private static UsageAnswer answer() {
        return new UsageAnswer(
                QUERY,
                List.of("agent-1", "agent-2"),
                List.of(
                        new UsageRow(DAY, "physics", 8, 100 * 3600, 92 * 3600, 0, 0, 0, 0, 0, 8 * 989.0),
                        new UsageRow(DAY, "physics", 4, 0, 96 * 3600, 0, 0, 0, 0, 0, 4 * 989.0)),
                List.of());
    }

    @Test
    void onlineTheAnswerIsShownAndKeptOfflineTheKeptDaysWithAGap() throws Exception {
        var online = new CachedUsage(q -> CompletableFuture.completedFuture(answer()), stored, CLOCK, Runnable::run);
        assertThat(online.fetch(QUERY).get(5, TimeUnit.SECONDS).rows()).hasSize(2);

        UsageHistory down = q -> CompletableFuture.failedFuture(
                new UsageUnavailableException("no agent answered for history: relay:50051: unreachable"));
        var offline =
                new CachedUsage(down, stored, CLOCK, Runnable::run).fetch(QUERY).get(5, TimeUnit.SECONDS);
        assertThat(offline.servers()).containsExactly("local store");
        // The two agents' rows of the day kept as one: 12 GPUs, 100 busy and 188 held idle hours.
        assertThat(offline.rows()).singleElement().satisfies(row -> {
            assertThat(row.accelerators()).isEqualTo(12);
            assertThat(row.heldIdleS()).isEqualTo(188 * 3600L);
            assertThat(row.peakTflops()).isEqualTo(12 * 989.0);
        });
        assertThat(offline.gaps())
                .singleElement()
                .satisfies(gap -> assertThat(gap.reason())
                        .isEqualTo("offline, showing the days kept (fetched 2026-12-02T06:00:00Z): "
                                + "no agent answered for history: relay:50051: unreachable"));
    }

    @Test
    void offlineWithNothingKeptSaysSo() {
        UsageHistory down =
                q -> CompletableFuture.failedFuture(new UsageUnavailableException("relay:50051: unreachable"));
        var fetching = new CachedUsage(down, stored, CLOCK, Runnable::run).fetch(QUERY);
        assertThatThrownBy(() -> fetching.get(5, TimeUnit.SECONDS))
                .hasMessageContaining("relay:50051: unreachable; the local store keeps no day of this range");
    }

    @Test
    void cancellingTheAnswerCancelsTheFetch() {
        var never = new CompletableFuture<UsageAnswer>();
        var answer = new CachedUsage(q -> never, stored, CLOCK, Runnable::run).fetch(QUERY);
        answer.cancel(true);
        assertThat(never).isCancelled();
    }
}

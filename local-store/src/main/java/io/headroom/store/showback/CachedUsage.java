package io.headroom.store.showback;

import io.headroom.core.showback.UsageAnswer;
import io.headroom.core.showback.UsageGap;
import io.headroom.core.showback.UsageHistory;
import io.headroom.core.showback.UsageQuery;
import io.headroom.core.showback.UsageUnavailableException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' usage, kept in the store as it arrives; when no agent answers, the days kept last
 * time, with a gap that says the page is offline and since when. Store I/O on {@code storeThread}.
 */
public final class CachedUsage implements UsageHistory {

    /** Whom the offline gap names, on the page and in the report. */
    public static final String OFFLINE = "local store";

    private static final Logger log = LoggerFactory.getLogger(CachedUsage.class);

    private final UsageHistory live;
    private final StoredUsage stored;
    private final InstantSource clock;
    private final Executor storeThread;

    public CachedUsage(UsageHistory live, StoredUsage stored, InstantSource clock, Executor storeThread) {
        this.live = live;
        this.stored = stored;
        this.clock = clock;
        this.storeThread = storeThread;
    }

    @Override
    public CompletableFuture<UsageAnswer> fetch(UsageQuery query) {
        CompletableFuture<UsageAnswer> fetching = live.fetch(query);
        CompletableFuture<UsageAnswer> answer = fetching.handleAsync(
                (fetched, failure) -> failure == null ? keep(fetched) : kept(query, failure), storeThread);
        // Only there to pass a cancellation on; the derived future adds nothing to watch.
        var unusedCancelling = answer.whenComplete((done, failure) -> {
            if (answer.isCancelled()) {
                fetching.cancel(true);
            }
        });
        return answer;
    }

    private UsageAnswer keep(UsageAnswer fetched) {
        try {
            stored.save(fetched, clock.millis());
        } catch (SQLException e) {
            // The page still shows what came; only the offline copy is missing.
            log.warn("could not keep the usage history in the local store: {}", e.getMessage());
        }
        return fetched;
    }

    private UsageAnswer kept(UsageQuery query, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof CancellationException cancelled) {
            throw cancelled;
        }
        String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        StoredUsage.Kept kept;
        try {
            kept = stored.read(query);
        } catch (SQLException e) {
            throw new UsageUnavailableException(why + "; nor could the local store be read: " + e.getMessage(), e);
        }
        if (kept.rows().isEmpty()) {
            throw new UsageUnavailableException(why + "; the local store keeps no day of this range");
        }
        String since = Instant.ofEpochMilli(kept.fetchedMillis().getAsLong()).toString();
        return new UsageAnswer(
                query,
                List.of(OFFLINE),
                kept.rows(),
                List.of(new UsageGap(
                        OFFLINE,
                        query.fromMs(),
                        query.toMs(),
                        "offline, showing the days kept (fetched " + since + "): " + why)));
    }
}

package io.headroom.core.showback;

import java.util.concurrent.CompletableFuture;

/**
 * Where daily usage comes from: the agents' GetHistory, or the local store offline. The answer
 * is gathered off the caller's thread; cancelling the future cancels the request.
 */
public interface UsageHistory {

    /**
     * Fails with a {@link UsageUnavailableException} (wrapped as completion exceptions are)
     * naming why nothing could be had.
     */
    CompletableFuture<UsageAnswer> fetch(UsageQuery query);
}

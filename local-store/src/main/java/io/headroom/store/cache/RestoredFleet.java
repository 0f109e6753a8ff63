package io.headroom.store.cache;

import io.headroom.core.fleet.Inventory;
import java.time.Instant;
import java.util.Optional;

/**
 * What a cold start got back from the store.
 *
 * @param inventory    the fleet as last saved; {@link Inventory#EMPTY} when nothing was
 * @param withSamples  slots that got their last known sample back (with its original time, so it shows its age)
 * @param savedAt      when the samples were saved
 * @param oldestSample the oldest of those samples
 * @param newestSample the newest of those samples
 * @param notice       a sentence for the operator when the samples could not be used
 */
public record RestoredFleet(
        Inventory inventory,
        int withSamples,
        Optional<Instant> savedAt,
        Optional<Instant> oldestSample,
        Optional<Instant> newestSample,
        Optional<String> notice) {

    static final RestoredFleet NOTHING = new RestoredFleet(
            Inventory.EMPTY, 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public boolean isEmpty() {
        return inventory.nodes().isEmpty();
    }
}

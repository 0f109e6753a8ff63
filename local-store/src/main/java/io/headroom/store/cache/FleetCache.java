package io.headroom.store.cache;

import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Inventory;
import io.headroom.store.LocalStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paints the last known fleet before any agent answers: installs the saved inventory into
 * a {@link FleetState} and writes every saved sample back with its original sample time, so
 * each value shows its true age and the classifier calls the old ones stale.
 */
public final class FleetCache {

    private static final Logger log = LoggerFactory.getLogger(FleetCache.class);

    private FleetCache() {}

    /**
     * Call once at start, before the agents connect and before {@link CacheWriter#start}.
     * Leaves {@code fleet} untouched when nothing was saved.
     */
    public static RestoredFleet restore(LocalStore store, FleetState fleet) throws SQLException {
        // The samples file is read (tens of MB at a million GPUs) while the inventory is decoded.
        CompletableFuture<Optional<LatestSamplesFile.Saved>> reading = new CompletableFuture<>();
        if (store.directory().isPresent()) {
            Thread.ofPlatform().daemon().name("headroom-read-latest-samples").start(() -> {
                try {
                    reading.complete(LatestSamplesFile.read(store.directory().get(), store.storeId()));
                } catch (Throwable e) { // whatever it is, restore must not wait for it forever
                    reading.completeExceptionally(e);
                }
            });
        } else {
            reading.complete(Optional.empty());
        }
        InventorySnapshot.Decoded saved;
        try (Connection c = store.connect()) {
            Optional<InventorySnapshot.Decoded> read = InventorySnapshot.read(c);
            if (read.isEmpty()) {
                return RestoredFleet.NOTHING;
            }
            saved = read.get();
        } catch (IOException e) {
            // Written by this code in the same transaction as the rows; damage here is damage to the database.
            throw new SQLException("the saved inventory cannot be decoded: " + e.getMessage(), e);
        }
        Inventory inventory = saved.inventory();
        FleetTelemetry telemetry = fleet.install(inventory);
        if (saved.numbers().accelOfSlot().length != telemetry.layout().slotCount()) {
            throw new SQLException(
                    "the saved inventory numbers " + saved.numbers().accelOfSlot().length + " slots, its layout "
                            + telemetry.layout().slotCount());
        }
        Optional<LatestSamplesFile.Saved> samples;
        Optional<String> notice = Optional.empty();
        try {
            samples = readSamples(reading);
        } catch (IOException e) {
            log.warn("Cannot read the latest samples; starting from the inventory alone", e);
            samples = Optional.empty();
            notice = Optional.of("The last known samples could not be read (" + e.getMessage()
                    + "); the fleet is shown without values until agents answer.");
        }
        if (samples.isEmpty()) {
            return new RestoredFleet(inventory, 0, Optional.empty(), Optional.empty(), Optional.empty(), notice);
        }
        int restored = samples.get().samples().restoreInto(telemetry, saved.numbers());
        long oldest = Long.MAX_VALUE;
        long newest = 0;
        for (int slot = 0; slot < telemetry.layout().slotCount(); slot++) {
            long time = telemetry.sampleTime(slot);
            if (time != 0) {
                oldest = Math.min(oldest, time);
                newest = Math.max(newest, time);
            }
        }
        return new RestoredFleet(
                inventory,
                restored,
                Optional.of(Instant.ofEpochMilli(samples.get().savedAtMillis())),
                restored == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(oldest)),
                restored == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(newest)),
                Optional.empty());
    }

    private static Optional<LatestSamplesFile.Saved> readSamples(
            CompletableFuture<Optional<LatestSamplesFile.Saved>> reading) throws IOException {
        try {
            return reading.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }
}

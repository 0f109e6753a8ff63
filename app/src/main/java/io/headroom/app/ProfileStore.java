package io.headroom.app;

import io.headroom.store.LocalStore;
import io.headroom.store.ProfileInUseException;
import io.headroom.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the profile's local store for the console. A profile another console holds is an
 * error the operator must see before any window opens; a store that cannot be used at all
 * (no space, no permission) is reported and the console runs from memory.
 */
final class ProfileStore {

    private static final Logger log = LoggerFactory.getLogger(ProfileStore.class);

    private ProfileStore() {}

    /**
     * The store and, when opening it needed something the operator must hear about (a damaged
     * file moved aside), one sentence saying what.
     */
    record Opened(LocalStore store, java.util.Optional<String> notice, java.util.Optional<java.nio.file.Path> movedAside) {}

    /** Opens the store on a thread of its own, so the toolkit can start meanwhile. */
    static Opening openInBackground(ConsoleSettings settings) {
        var result = new java.util.concurrent.CompletableFuture<Opened>();
        Thread.ofPlatform().name("store-opener").daemon().start(() -> {
            try {
                result.complete(open(settings));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return new Opening(result);
    }

    /** A store being opened; {@link #await()} gives it, or null when another console holds the profile. */
    static final class Opening {
        private final java.util.concurrent.CompletableFuture<Opened> result;

        private Opening(java.util.concurrent.CompletableFuture<Opened> result) {
            this.result = result;
        }

        /** The opened store, or null when another console holds the profile (see {@link #profileInUse()}). */
        Opened await() throws InterruptedException {
            try {
                return result.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof ProfileInUseException) {
                    return null;
                }
                throw new IllegalStateException("opening the local store failed", e.getCause());
            }
        }

        /** Why no window opened, when another console holds the profile. */
        java.util.Optional<ProfileInUseException> profileInUse() {
            if (!result.isCompletedExceptionally()) {
                return java.util.Optional.empty();
            }
            return result.exceptionNow() instanceof ProfileInUseException inUse
                    ? java.util.Optional.of(inUse) : java.util.Optional.empty();
        }
    }

    static Opened open(ConsoleSettings settings) throws ProfileInUseException {
        if (settings.profileDirectory() == null) {
            return new Opened(LocalStore.inMemory("started with --no-store"), java.util.Optional.empty(), java.util.Optional.empty());
        }
        try {
            var opening = LocalStore.open(settings.profileDirectory());
            opening.notice().ifPresent(log::warn);
            return new Opened(opening.store(), opening.notice(), opening.movedAside());
        } catch (StoreUnavailableException e) {
            log.warn("the local store at {} cannot be used ({}); running from memory: nothing will be kept",
                    settings.profileDirectory(), e.getMessage());
            return new Opened(LocalStore.inMemory(e.getMessage()), java.util.Optional.empty(), java.util.Optional.empty());
        }
    }
}

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
    record Opened(
            LocalStore store, java.util.Optional<String> notice, java.util.Optional<java.nio.file.Path> movedAside) {}

    /**
     * Takes the profile's lock now, so that a profile another console holds is known before any
     * window opens, and opens the database on a thread of its own while the window opens.
     */
    static Opening openInBackground(ConsoleSettings settings) {
        var result = new java.util.concurrent.CompletableFuture<Opened>();
        if (settings.profileDirectory() == null) {
            result.complete(new Opened(
                    LocalStore.inMemory("started with --no-store"),
                    java.util.Optional.empty(),
                    java.util.Optional.empty()));
            return new Opening(result, null);
        }
        LocalStore.LockedProfile locked;
        try {
            locked = LocalStore.lock(settings.profileDirectory());
        } catch (ProfileInUseException e) {
            result.completeExceptionally(e);
            return new Opening(result, e);
        } catch (StoreUnavailableException e) {
            result.complete(inMemory(settings, e));
            return new Opening(result, null);
        }
        Thread.ofPlatform().name("store-opener").daemon().start(() -> {
            try {
                result.complete(opened(settings, locked));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return new Opening(result, null);
    }

    /** A store being opened, its profile already locked (or known to be another console's). */
    static final class Opening {
        private final java.util.concurrent.CompletableFuture<Opened> result;
        private final ProfileInUseException inUse;

        private Opening(java.util.concurrent.CompletableFuture<Opened> result, ProfileInUseException inUse) {
            this.result = result;
            this.inUse = inUse;
        }

        /** The opened store, once the database is open. */
        Opened await() throws InterruptedException, ProfileInUseException {
            try {
                return result.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof ProfileInUseException inUse) {
                    throw inUse; // H2's own lock, held by a process that is not a console
                }
                throw new IllegalStateException(
                        "opening the local store failed: " + e.getCause().getMessage(), e.getCause());
            }
        }

        /** Another console holds the profile: no window opens. Known as soon as this opening exists. */
        java.util.Optional<ProfileInUseException> profileInUse() {
            return java.util.Optional.ofNullable(inUse);
        }
    }

    private static Opened opened(ConsoleSettings settings, LocalStore.LockedProfile locked)
            throws ProfileInUseException {
        try {
            var opening = locked.open();
            opening.notice().ifPresent(log::warn);
            return new Opened(opening.store(), opening.notice(), opening.movedAside());
        } catch (StoreUnavailableException e) {
            return inMemory(settings, e);
        }
    }

    private static Opened inMemory(ConsoleSettings settings, StoreUnavailableException e) {
        log.warn(
                "the local store at {} cannot be used ({}); running from memory: nothing will be kept",
                settings.profileDirectory(),
                e.getMessage());
        return new Opened(LocalStore.inMemory(e.getMessage()), java.util.Optional.empty(), java.util.Optional.empty());
    }
}

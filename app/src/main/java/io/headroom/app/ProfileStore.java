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

    static LocalStore open(ConsoleSettings settings) throws ProfileInUseException {
        if (settings.profileDirectory() == null) {
            return LocalStore.inMemory("started with --no-store");
        }
        try {
            var opening = LocalStore.open(settings.profileDirectory());
            opening.notice().ifPresent(log::warn);
            return opening.store();
        } catch (StoreUnavailableException e) {
            log.warn("the local store at {} cannot be used ({}); running from memory: nothing will be kept",
                    settings.profileDirectory(), e.getMessage());
            return LocalStore.inMemory(e.getMessage());
        }
    }
}

package io.headroom.store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What opening a profile's store gave: the store, and whether an unreadable old file had to
 * be moved aside first (the console should say so, with the file's name, once).
 *
 * @param movedAside where the unreadable file now lies
 * @param why        what was wrong with it, from the driver
 */
public record StoreOpening(LocalStore store, Optional<Path> movedAside, String why) {

    /** A sentence for the operator when a file was moved aside; empty otherwise. */
    public Optional<String> notice() {
        return movedAside.map(path -> "The local store could not be read (" + why + "). It was moved aside to " + path
                + " and a new, empty store was created; the console starts without its cache and history.");
    }
}

package io.headroom.store;

import java.nio.file.Path;

/**
 * Another console (this machine or another one sharing the directory) has the profile open.
 * Opening it too would have two writers on one database file, so it is refused with a
 * message the operator can act on.
 */
public final class ProfileInUseException extends Exception {

    private final Path profile;
    private final String holder;

    public ProfileInUseException(Path profile, String holder) {
        super("The profile at " + profile + " is in use by another Headroom console"
                + (holder.isBlank() ? "" : " (" + holder + ")")
                + ". Close that console, or start this one with a profile of its own: headroom --profile NAME.");
        this.profile = profile;
        this.holder = holder;
    }

    public Path profile() {
        return profile;
    }

    /** What the other console wrote about itself (pid, host, start time), or empty if unknown. */
    public String holder() {
        return holder;
    }
}

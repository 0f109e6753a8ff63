package io.headroom.store;

import java.time.Instant;

/**
 * Whether the local store is saving what it is given, for the console's status bar. Read it
 * as often as you like: it is an immutable value swapped in when something changes.
 *
 * @param state        how the store is doing
 * @param problem      what went wrong, for a localized message; {@link Problem#NONE} when OK
 * @param detail       the underlying error in English (path and driver message), for logs and tooltips
 * @param skippedSaves saves dropped since the problem began (the console keeps the data in memory)
 * @param since        when the current state began
 */
public record StoreHealth(State state, Problem problem, String detail, long skippedSaves, Instant since) {

    public enum State {
        /** Everything is written to disk. */
        OK,
        /** Writes fail (disk full, I/O error): the console runs from memory and retries now and then. */
        FAILING,
        /** No database file at all (it could not be opened): nothing survives a restart. */
        IN_MEMORY
    }

    public enum Problem {
        NONE,
        DISK_FULL,
        WRITE_FAILED,
        /** The store could not be opened; see {@link #detail()}. */
        UNAVAILABLE
    }

    public static StoreHealth ok(Instant since) {
        return new StoreHealth(State.OK, Problem.NONE, "", 0, since);
    }

    public boolean isOk() {
        return state == State.OK;
    }

    /** One line for a status bar or log, in English. */
    public String describe() {
        return switch (state) {
            case OK -> "local store OK";
            case FAILING ->
                (problem == Problem.DISK_FULL ? "disk full" : "cannot write the local store")
                        + ", running from memory (" + skippedSaves + " saves skipped since " + since + "): " + detail;
            case IN_MEMORY -> "no local store file, running from memory: " + detail;
        };
    }

    StoreHealth failedAgain() {
        return new StoreHealth(state, problem, detail, skippedSaves + 1, since);
    }
}

package io.headroom.views.connection;

/** What is wrong with the console's local store, for a short line in the status bar. */
public enum StoreProblem {
    /** A damaged database file was renamed and an empty store created; the path is its new name. */
    MOVED_ASIDE,
    /** The disk is full: the console runs from memory. */
    DISK_FULL,
    /** Writes fail for another reason: the console runs from memory. */
    WRITE_FAILED,
    /** There is no store file at all: nothing survives a restart. */
    IN_MEMORY;

    String messageKey() {
        return "store.problem." + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

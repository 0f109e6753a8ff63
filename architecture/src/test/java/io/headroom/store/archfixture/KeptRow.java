package io.headroom.store.archfixture;

/** A fixture: something the store keeps. */
public final class KeptRow {
    public static int count() {
        return 1;
    }
}

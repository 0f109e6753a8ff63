package io.headroom.views.archfixture;

import io.headroom.store.archfixture.KeptRow;

/** A fixture: a page that reaches into the store, which the layers forbid. */
public final class PageReadingTheStore {
    public int rows() {
        return KeptRow.count();
    }
}

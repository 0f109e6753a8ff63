package io.headroom.core.archb;

import io.headroom.core.archa.Leans;

/** A fixture: the other half of a package cycle. */
public final class LeansBack {
    public Leans other() {
        return null;
    }
}

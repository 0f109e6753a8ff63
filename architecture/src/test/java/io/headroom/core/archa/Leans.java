package io.headroom.core.archa;

import io.headroom.core.archb.LeansBack;

/** A fixture: one half of a package cycle. */
public final class Leans {
    public LeansBack other() {
        return null;
    }
}

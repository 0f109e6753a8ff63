package io.headroom.core.showback;

import java.util.Objects;

/** Daily usage of [fromMs, toMs), grouped. */
public record UsageQuery(long fromMs, long toMs, ShowbackGrouping grouping) {

    public UsageQuery {
        Objects.requireNonNull(grouping, "grouping");
        if (toMs <= fromMs) {
            throw new IllegalArgumentException("a usage query needs from before to (" + fromMs + " to " + toMs + ")");
        }
    }
}

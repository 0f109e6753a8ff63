package io.headroom.client.alertmanager;

import java.util.Objects;

/**
 * One matcher of a silence: the label {@code name} equal to {@code value} (or, with {@code regex}, matching it), or
 * with {@code equal} false, not so.
 */
public record SilenceMatcher(String name, String value, boolean regex, boolean equal) {

    public SilenceMatcher {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a silence matcher needs a label name");
        }
    }

    /** {@code name="value"}, exactly. */
    public static SilenceMatcher equal(String name, String value) {
        return new SilenceMatcher(name, value, false, true);
    }

    @Override
    public String toString() {
        return name + (equal ? "" : "!") + (regex ? "~" : "=") + '"' + value + '"';
    }
}

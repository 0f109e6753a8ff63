package io.headroom.themes.archfixture;

/** A fixture: a class that breaks no rule. */
public final class Swatch {
    public String name() {
        return "dark";
    }
}

package io.headroom.themes;

import java.net.URL;
import java.util.Locale;

/**
 * The console's look. Each theme is one stylesheet that defines colour tokens on
 * {@code .root} and imports the shared component rules, so switching is one call:
 * {@code scene.getStylesheets().setAll(Theme.LAPTOP_LIGHT.stylesheet())}.
 *
 * <p>Kept free of JavaFX types so that configuration code can name a theme without
 * loading the toolkit.
 */
public enum Theme {
    /** NOC wall displays: dark, high contrast, type readable from across the room. The default. */
    WALL_DARK("wall-dark.css"),
    /** Technicians' and managers' laptops in lit rooms: light, denser type. */
    LAPTOP_LIGHT("laptop-light.css"),
    /** Black and white with the brightest colour-blind-safe state colours, thick outlines. */
    HIGH_CONTRAST("high-contrast.css");

    public static final Theme DEFAULT = WALL_DARK;

    private final String file;

    Theme(String file) {
        this.file = file;
    }

    /** The stylesheet URL, as {@code Scene.getStylesheets()} wants it. */
    public String stylesheet() {
        URL url = Theme.class.getResource(file);
        if (url == null) {
            throw new IllegalStateException("theme stylesheet " + file + " is missing from the themes jar");
        }
        return url.toExternalForm();
    }

    /** The name used in configuration files and on the command line, e.g. {@code wall-dark}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The theme with this {@link #id()} (case-insensitive), or the default when none matches. */
    public static Theme byId(String id) {
        for (Theme theme : values()) {
            if (theme.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
                return theme;
            }
        }
        return DEFAULT;
    }
}

package io.headroom.views;

import io.headroom.themes.Palette;
import io.headroom.themes.Theme;
import io.headroom.views.paint.CanvasTheme;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.paint.Color;

/** What a theme's stylesheet declares for a palette colour, read from the file: what canvases must show. */
public final class DeclaredColours {

    private DeclaredColours() {}

    public static Color of(Theme theme, Palette colour) {
        try (InputStream in = URI.create(theme.stylesheet()).toURL().openStream()) {
            String css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher declared = Pattern.compile(Pattern.quote(colour.cssName()) + "\\s*:\\s*([^;]+);")
                    .matcher(css);
            if (!declared.find()) {
                throw new AssertionError(theme.id() + " declares no " + colour.cssName());
            }
            return Color.web(declared.group(1).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opaque ARGB, as pixel buffers and snapshots have it. */
    public static int argb(Theme theme, Palette colour) {
        return CanvasTheme.argb(of(theme, colour));
    }
}

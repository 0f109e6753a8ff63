package io.headroom.themes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * WCAG 2.1 AA for every theme's tokens: 4.5:1 for each text colour on each surface it is drawn
 * on (text on status chips included), 3:1 for the edge of text fields and combo boxes against
 * the surfaces around them (1.4.11, non-text contrast). Dialogs and inputs use the same tokens.
 */
class ThemeContrastTest {

    /** Colours text is drawn in. */
    private static final List<String> TEXT =
            List.of("-hr-fg", "-hr-fg-muted", "-hr-accent", "-hr-ok", "-hr-warn", "-hr-bad");
    /** Surfaces text is drawn on. */
    private static final List<String> SURFACES = List.of("-hr-bg", "-hr-surface", "-hr-surface-raised");
    /** Chips and pills filled with a status colour, with -hr-on-status text on them. */
    private static final List<String> FILLS = List.of("-hr-ok", "-hr-warn", "-hr-bad", "-hr-accent");

    private static final Pattern COLOUR = Pattern.compile("(-hr-[a-z0-9-]+)\\s*:\\s*#([0-9a-fA-F]{6})\\s*;");

    @ParameterizedTest
    @EnumSource(Theme.class)
    void everyTextAndInputPairMeetsWcagAa(Theme theme) throws IOException {
        Map<String, String> tokens = tokens(theme);
        List<String> failures = new ArrayList<>();
        for (String text : TEXT) {
            for (String surface : SURFACES) {
                check(tokens, text, surface, 4.5, failures);
            }
        }
        for (String fill : FILLS) {
            check(tokens, "-hr-on-status", fill, 4.5, failures);
        }
        for (String surface : SURFACES) {
            check(tokens, "-hr-input-border", surface, 3.0, failures);
        }
        assertThat(failures).as(theme.id()).isEmpty();
    }

    private static void check(Map<String, String> tokens, String fg, String bg, double least, List<String> failures) {
        assertThat(tokens).as("tokens").containsKeys(fg, bg);
        double ratio = contrast(tokens.get(fg), tokens.get(bg));
        if (ratio < least) {
            failures.add(String.format(
                    "%s %s on %s %s: %.2f:1, needs %.1f:1", fg, tokens.get(fg), bg, tokens.get(bg), ratio, least));
        }
    }

    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** WCAG 2.1 relative luminance of a #rrggbb colour. */
    static double luminance(String hex) {
        double r = channel(Integer.parseInt(hex.substring(1, 3), 16));
        double g = channel(Integer.parseInt(hex.substring(3, 5), 16));
        double b = channel(Integer.parseInt(hex.substring(5, 7), 16));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    }

    private static double channel(int value) {
        double c = value / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static Map<String, String> tokens(Theme theme) throws IOException {
        String file = theme.stylesheet().substring(theme.stylesheet().lastIndexOf('/') + 1);
        try (InputStream in = Theme.class.getResourceAsStream(file)) {
            assertThat(in).as(file).isNotNull();
            String css = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?s)/\\*.*?\\*/", "");
            Map<String, String> tokens = new HashMap<>();
            Matcher m = COLOUR.matcher(css);
            while (m.find()) {
                tokens.put(m.group(1), "#" + m.group(2).toLowerCase(java.util.Locale.ROOT));
            }
            return tokens;
        }
    }
}

package io.headroom.themes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each theme is a complete set of tokens, and the shared rules use nothing but tokens. */
class ThemeTest {

    private static final Pattern TOKEN_USE = Pattern.compile("(?<![\\w-])(-hr-[a-z0-9-]+)(?!\\s*:)");
    private static final Pattern TOKEN_DEFINITION = Pattern.compile("(-hr-[a-z0-9-]+)\\s*:");

    private static String css(String file) throws IOException {
        try (InputStream in = Theme.class.getResourceAsStream(file)) {
            assertThat(in).as(file).isNotNull();
            // Comments may name tokens in prose; only rules count.
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?s)/\\*.*?\\*/", "");
        }
    }

    private static final Pattern IMPORT = Pattern.compile("@import\\s+\"([^\"]+)\"\\s*;");

    /** The shared rules: components.css and every stylesheet it imports (one per view). */
    private static String componentRules() throws IOException {
        String components = css("components.css");
        StringBuilder all = new StringBuilder(components);
        Matcher imports = IMPORT.matcher(components);
        while (imports.find()) {
            all.append('\n').append(css(imports.group(1)));
        }
        return all.toString();
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    @Test
    void everyThemeDefinesEveryTokenTheComponentsUse() throws IOException {
        Set<String> used = matches(TOKEN_USE, componentRules());
        assertThat(used)
                .contains("-hr-busy", "-hr-held-idle", "-hr-free-idle", "-hr-drained", "-hr-faulted", "-hr-stale");

        for (Theme theme : Theme.values()) {
            String file = theme.stylesheet().substring(theme.stylesheet().lastIndexOf('/') + 1);
            String text = css(file);
            assertThat(text).as(file).contains("@import \"components.css\"");
            assertThat(matches(TOKEN_DEFINITION, text)).as(file).containsAll(used);
        }
    }

    @Test
    void everyThemeDeclaresEveryColourOfThePalette() throws IOException {
        for (Theme theme : Theme.values()) {
            String file = theme.stylesheet().substring(theme.stylesheet().lastIndexOf('/') + 1);
            Set<String> declared = matches(TOKEN_DEFINITION, css(file));
            for (Palette colour : Palette.values()) {
                assertThat(declared).as(file).contains(colour.cssName());
            }
        }
    }

    @Test
    void componentRulesHoldNoColoursOfTheirOwn() throws IOException {
        String rules = componentRules();
        assertThat(rules)
                .contains(".hr-rack-canvas", ".hr-gpu-row", ".hr-alert-table", ".hr-search-field", ".hr-wall-banner");

        assertThat(rules).doesNotContainPattern("#[0-9a-fA-F]{3,8}\\b");
        assertThat(rules).doesNotContainPattern("rgba?\\(");
    }

    @Test
    void themesAreNamedAsInConfiguration() {
        assertThat(Theme.WALL_DARK.id()).isEqualTo("wall-dark");
        assertThat(Theme.byId("Laptop-Light")).isEqualTo(Theme.LAPTOP_LIGHT);
        assertThat(Theme.byId("no-such-theme")).isEqualTo(Theme.DEFAULT);
        assertThat(Theme.HIGH_CONTRAST.stylesheet()).endsWith("/io/headroom/themes/high-contrast.css");
    }
}

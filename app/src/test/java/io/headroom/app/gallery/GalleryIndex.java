package io.headroom.app.gallery;

import io.headroom.themes.Theme;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * docs/screenshots.md: a table per language, a row per page, a column per theme, each cell a
 * small picture linking to the full one. Written from the pictures the gallery took, so a page
 * added to the console gets its row on the next run.
 */
final class GalleryIndex {

    /** How wide a picture is shown in the table; a click opens it whole. */
    private static final int THUMBNAIL_WIDTH = 280;

    /** One picture: its language folder, theme, and page (the file's name without .png). */
    record Picture(String language, Theme theme, String page) {
        String path() {
            return "screenshots/pages/" + language + "/" + theme.id() + "/" + page + ".png";
        }
    }

    private GalleryIndex() {}

    static void write(Path docs, List<String> languages, List<Picture> pictures, String command, int gpus)
            throws IOException {
        var text = new StringBuilder();
        text.append("# Screenshots\n\n");
        text.append("Every page of the console in every theme, in English and in Chinese, on the embedded\n");
        text.append("simulated fleet (")
                .append(String.format("%,d", gpus))
                .append(" GPUs, seed 42) after it has filled a week of history from its agent\n");
        text.append("and one drain has been queued, at 1600 x 900 (the wall too: JavaFX's headless platform\n");
        text.append("cannot hold a taller window). Click a picture to see it whole. They are regenerated, with\n");
        text.append("this page, by one command (offline, a few minutes; see\n");
        text.append("[The console](console.md#screenshots-of-every-page)):\n\n");
        text.append("```sh\n").append(command).append("\n```\n\n");
        text.append("The fleet and what is picked (the server, the search, the drain) are the same on every run;\n");
        text.append("the simulator runs in real time, so readings, ages and clocks differ from run to run.\n");
        for (String language : languages) {
            text.append("\n## ").append(languageName(language)).append("\n\n");
            text.append("| Page |");
            for (Theme theme : Theme.values()) {
                text.append(' ').append(theme.id()).append(" |");
            }
            text.append("\n|---|");
            for (int i = 0; i < Theme.values().length; i++) {
                text.append("---|");
            }
            text.append('\n');
            Map<String, Map<Theme, Picture>> rows = new LinkedHashMap<>();
            for (Picture picture : pictures) {
                if (picture.language().equals(language)) {
                    rows.computeIfAbsent(picture.page(), p -> new LinkedHashMap<>())
                            .put(picture.theme(), picture);
                }
            }
            for (var row : rows.entrySet()) {
                text.append("| ").append(pageName(row.getKey())).append(" |");
                for (Theme theme : Theme.values()) {
                    Picture picture = row.getValue().get(theme);
                    if (picture == null) {
                        text.append("  |");
                    } else {
                        String alt = pageName(row.getKey()) + ", " + theme.id() + ", " + language;
                        text.append(" <a href=\"")
                                .append(picture.path())
                                .append("\"><img src=\"")
                                .append(picture.path())
                                .append("\" width=\"")
                                .append(THUMBNAIL_WIDTH)
                                .append("\" alt=\"")
                                .append(alt)
                                .append("\"></a> |");
                    }
                }
                text.append('\n');
            }
        }
        Files.writeString(docs.resolve("screenshots.md"), text.toString(), StandardCharsets.UTF_8);
    }

    private static String languageName(String language) {
        return switch (language) {
            case "en" -> "English";
            case "zh-CN" -> "Chinese (zh-CN)";
            default -> language;
        };
    }

    /** The page's name in the table: its file name in words ("idle-by-hour": "Idle by hour"). */
    static String pageName(String page) {
        String words = page.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}

package io.headroom.app.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.app.gallery.GalleryIndex.Picture;
import io.headroom.themes.Theme;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/screenshots.md: a table per language, a row per page in the order taken, a linked picture per theme. */
class GalleryIndexTest {

    @TempDir
    Path docs;

    @Test
    void eachLanguageHasATableWithARowPerPageAndAPicturePerTheme() throws Exception {
        List<Picture> pictures = List.of(
                new Picture("en", Theme.WALL_DARK, "overview"),
                new Picture("en", Theme.LAPTOP_LIGHT, "overview"),
                new Picture("en", Theme.WALL_DARK, "idle-by-hour"),
                new Picture("zh-CN", Theme.HIGH_CONTRAST, "overview"));

        GalleryIndex.write(docs, List.of("en", "zh-CN"), pictures, "the command", 2048);

        String page = Files.readString(docs.resolve("screenshots.md"), StandardCharsets.UTF_8);
        assertThat(page)
                .contains("the command")
                .contains("2,048 GPUs")
                .contains("## English")
                .contains("## Chinese (zh-CN)")
                .contains("| Page | wall-dark | laptop-light | high-contrast |");
        List<String> rows = page.lines()
                .filter(line -> line.startsWith("| ") && !line.startsWith("| Page"))
                .toList();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0))
                .startsWith("| Overview |")
                .contains("<a href=\"screenshots/pages/en/wall-dark/overview.png\">")
                .contains("<img src=\"screenshots/pages/en/laptop-light/overview.png\" width=\"280\"")
                .endsWith("  |");
        assertThat(rows.get(1)).startsWith("| Idle by hour |");
        assertThat(rows.get(2)).contains("screenshots/pages/zh-CN/high-contrast/overview.png");
    }
}

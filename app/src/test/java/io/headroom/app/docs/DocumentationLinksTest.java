package io.headroom.app.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README and every page under docs/ link only to files that exist in this repository:
 * every relative Markdown link and image ({@code [text](path)}, {@code ![alt](path)}) outside
 * code, with any {@code #anchor} stripped, must name a file or folder inside the checkout.
 * Web and mail links and links to an anchor on the same page are not checked. The README
 * stays short enough to read: at most {@value #README_MAX_LINES} lines.
 */
class DocumentationLinksTest {

    static final int README_MAX_LINES = 200;

    /** The target of an inline link or image: "](target)" or "](target "title")". */
    private static final Pattern LINK = Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** Inline code spans, whose brackets are not links. */
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");

    private static Path root;

    @BeforeAll
    static void findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null
                && !(Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("pom.xml")))) {
            dir = dir.getParent();
        }
        assertThat(dir)
                .as("a folder holding mvnw above %s", Path.of("").toAbsolutePath())
                .isNotNull();
        root = dir.normalize();
    }

    @Test
    void everyRelativeLinkInTheDocumentationNamesAFileThatExists() throws IOException {
        List<Path> pages = pages();
        assertThat(pages)
                .as("README.md, CONTRIBUTING.md, CHANGELOG.md and docs/**/*.md")
                .contains(root.resolve("README.md"));
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            broken.addAll(brokenLinks(root, page));
        }
        if (!broken.isEmpty()) {
            fail(broken.size() + " broken link(s) in the documentation:\n  " + String.join("\n  ", broken));
        }
    }

    @Test
    void theReadmeIsShort() throws IOException {
        long lines = Files.readAllLines(root.resolve("README.md"), StandardCharsets.UTF_8)
                .size();
        assertThat(lines).as("lines in README.md (move detail into docs/)").isLessThanOrEqualTo(README_MAX_LINES);
    }

    @Test
    void aBrokenLinkIsFound(@TempDir Path dir) throws IOException {
        Path page = dir.resolve("page.md");
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/there.md"), "# There\n");
        Files.writeString(page, """
                # A page
                [fine](docs/there.md#there) and ![also fine](docs/) and [web](https://example.org/x.md)
                [same page](#a-page) and `[in code](missing-in-code.md)`
                ```
                [in a fence](missing-in-fence.md)
                ```
                See [gone](docs/gone.md#part) and ![picture](pictures/none.png "a title").
                Out of the checkout: [elsewhere](../../outside.md)
                """);
        assertThat(brokenLinks(dir, page))
                .containsExactly(
                        "page.md:7: docs/gone.md#part (no such file)",
                        "page.md:7: pictures/none.png (no such file)",
                        "page.md:8: ../../outside.md (outside the repository)");
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        for (String page : List.of("CONTRIBUTING.md", "CHANGELOG.md")) {
            if (Files.isRegularFile(root.resolve(page))) {
                pages.add(root.resolve(page));
            }
        }
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> files = Files.walk(docs)) {
                files.filter(f -> f.getFileName().toString().endsWith(".md"))
                        .sorted()
                        .forEach(pages::add);
            }
        }
        return pages;
    }

    /** "file:line: target (why)" for every relative link on the page that does not resolve. */
    static List<String> brokenLinks(Path root, Path page) throws IOException {
        List<String> broken = new ArrayList<>();
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        boolean inFence = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            Matcher link = LINK.matcher(CODE_SPAN.matcher(line).replaceAll("``"));
            while (link.find()) {
                String target = link.group(1);
                if (target.startsWith("#") || target.matches("(?i)^(https?|mailto|ftp):.*")) {
                    continue;
                }
                String path = target.replaceFirst("[#?].*$", "");
                String decoded =
                        path.contains("%") ? URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8) : path;
                Path resolved = page.getParent().resolve(decoded).normalize();
                String where = root.relativize(page) + ":" + (i + 1) + ": " + target;
                if (!resolved.startsWith(root)) {
                    broken.add(where + " (outside the repository)");
                } else if (!Files.exists(resolved)) {
                    broken.add(where + " (no such file)");
                }
            }
        }
        return broken;
    }
}

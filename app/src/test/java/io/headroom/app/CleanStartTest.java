package io.headroom.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.testing.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real console started on its embedded fleet, as the installed one starts (JavaFX as named
 * modules), logs nothing but INFO when nothing is wrong: no JavaFX CSS warning, no WARN or
 * ERROR line. Every theme and both languages, in laptop and wall mode, in six starts.
 */
class CleanStartTest {

    /** A log line that is not plain information: logback's WARN/ERROR, JUL's WARNING/SEVERE, a stack trace. */
    private static final Pattern NOT_CLEAN =
            Pattern.compile("\\b(WARN|ERROR|WARNING|SEVERE)\\b|Exception|^\\s+at |Caused by");

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0}, {1}, {2}")
    @CsvSource({
        "wall-dark,    en,    wall",
        "wall-dark,    zh-CN, laptop",
        "laptop-light, en,    laptop",
        "laptop-light, zh-CN, wall",
        "high-contrast, en,   wall",
        "high-contrast, zh-CN, laptop",
    })
    void aStartLogsNoWarning(String theme, String locale, String mode) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--theme",
                theme,
                "--locale",
                locale,
                "--exit-after",
                "6",
                "--data-dir",
                dataDir.toString(),
                "--simulate-gpus",
                "2048"));
        if (mode.equals("wall")) {
            args.add("--wall");
        }
        List<String> log = runConsole(args);

        assertThat(log).as("the console's log").anyMatch(line -> line.contains("first live frame"));
        assertThat(log.stream().filter(line -> NOT_CLEAN.matcher(line).find()).toList())
                .as("lines that are not INFO in the log of a clean start:%n%s", String.join("\n", log))
                .isEmpty();
    }

    /** The logback.xml the console ships with (on the test class path, logback-test.xml would win). */
    private static String consoleLogging() {
        var shipped = ConsoleMain.class.getResource("/logback.xml");
        assertThat(shipped).as("the console's logback.xml").isNotNull();
        return shipped.toString();
    }

    /** Starts ConsoleMain in a JVM of its own, JavaFX on the module path, and returns its output once it has quit. */
    private static List<String> runConsole(List<String> args) throws IOException, InterruptedException {
        List<String> classPath =
                Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        String javafx = String.join(
                File.pathSeparator,
                classPath.stream().filter(CleanStartTest::isJavaFxPlatformJar).toList());
        assertThat(javafx).as("JavaFX's platform jars on the test class path").isNotEmpty();

        // The console writes its output to a file itself, as the installed one's launcher would have it.
        Path output = Files.createTempFile("console-start", ".log");
        try (ChildJvm console = ChildJvm.ofClass(ConsoleMain.class)
                .name("the console")
                .jvmOptions(
                        "-Xmx512m",
                        "--module-path",
                        javafx,
                        "--add-modules",
                        "javafx.controls,javafx.swing",
                        "--enable-native-access=javafx.graphics,ALL-UNNAMED",
                        "-Dglass.platform=Headless",
                        // The console's own logging configuration, not the tests': what an operator's log says.
                        "-Dlogback.configurationFile=" + consoleLogging())
                .args(args)
                .logTo(output)
                .start()) {
            if (!console.awaitExit(Duration.ofMinutes(2))) {
                throw new AssertionError("the console did not quit within 120 s of --exit-after 6:\n"
                        + String.join("\n", console.lines()));
            }
            List<String> lines = console.lines();
            assertThat(console.exitValue())
                    .as("the console's exit status; its log:%n%s", String.join("\n", lines))
                    .isZero();
            return lines;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** JavaFX's jars with classes in them carry a platform classifier (javafx-graphics-26.0.2-linux.jar). */
    private static boolean isJavaFxPlatformJar(String entry) {
        String name = Path.of(entry).getFileName().toString();
        return entry.contains("openjfx") && name.matches("javafx-[a-z]+-[0-9.]+-[a-z0-9-]+\\.jar");
    }
}

package io.headroom.agent.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules shipped in deploy/prometheus are valid ({@code promtool check rules}) and compute what their unit tests
 * say ({@code promtool test rules deploy/prometheus/tests/*.yml}).
 */
class PrometheusRulesTest {

    @Test
    void everyRulesFilePassesPromtoolCheck() throws Exception {
        Path promtool = TsdbTools.require("promtool", "prometheus");
        List<Path> rules = files(TsdbTools.DEPLOY, ".rules.yml");
        assertThat(rules).as("rules files in %s", TsdbTools.DEPLOY).isNotEmpty();
        for (Path file : rules) {
            run(promtool, TsdbTools.DEPLOY, "check", "rules", file.toString());
        }
    }

    @Test
    void everyRulesUnitTestPasses() throws Exception {
        Path promtool = TsdbTools.require("promtool", "prometheus");
        List<Path> tests = files(TsdbTools.DEPLOY.resolve("tests"), ".yml");
        assertThat(tests)
                .as("promtool unit tests in %s/tests", TsdbTools.DEPLOY)
                .isNotEmpty();
        for (Path test : tests) {
            run(promtool, TsdbTools.DEPLOY, "test", "rules", test.toString());
        }
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }

    private static void run(Path promtool, Path in, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(promtool.toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .directory(in.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("promtool finished")
                .isTrue();
        assertThat(process.exitValue())
                .as("%s:%n%s", String.join(" ", command), output)
                .isZero();
    }
}

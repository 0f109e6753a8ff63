package io.headroom.agent.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds Debian's TSDB programs (packages prometheus and victoria-metrics) on the PATH. A test that needs one skips
 * with the reason when it is missing, unless HEADROOM_REQUIRE_TSDB=1 (CI, which installs them) says it must run.
 */
final class TsdbTools {

    /** The repository's Prometheus files: rules and their promtool tests. */
    static final Path DEPLOY =
            Path.of("..", "deploy", "prometheus").toAbsolutePath().normalize();

    private TsdbTools() {}

    static boolean required() {
        return "1".equals(System.getenv("HEADROOM_REQUIRE_TSDB"));
    }

    /** The program on the PATH, or null. */
    static Path find(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .map(d -> Path.of(d, program))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
    }

    /** The program, or the test is skipped (fails under HEADROOM_REQUIRE_TSDB=1). */
    static Path require(String program, String debianPackage) {
        Path found = find(program);
        String reason = program + " is not installed (Debian: apt-get install " + debianPackage + ")";
        if (required()) {
            assertThat(found).as("HEADROOM_REQUIRE_TSDB=1 but " + reason).isNotNull();
        }
        Assumptions.assumeTrue(found != null, reason + "; set HEADROOM_REQUIRE_TSDB=1 to make this a failure");
        return found;
    }
}

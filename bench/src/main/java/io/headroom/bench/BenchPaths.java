package io.headroom.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Default places, found from where this benchmark's jar lies (bench/target/headroom-bench.jar). */
public final class BenchPaths {

    private BenchPaths() {}

    /** node-agent/target/headroom-agent.jar of the same checkout. */
    public static Path agentJar() {
        Path beside = targetDir()
                .resolve("../../node-agent/target/headroom-agent.jar")
                .normalize();
        return Files.exists(beside) ? beside : Path.of("node-agent/target/headroom-agent.jar");
    }

    /** bench/target/bench-logs. */
    public static Path logs() {
        return targetDir().resolve("bench-logs");
    }

    /** bench/target/NAME, for what a benchmark writes. */
    public static Path work(String name) {
        return targetDir().resolve(name);
    }

    /** The checkout this jar was built in (bench/target/../..), or the working directory when that is not one. */
    public static Path checkout() {
        Path root = targetDir().resolve("../..").normalize();
        return Files.isDirectory(root.resolve("tools")) ? root : Path.of("").toAbsolutePath();
    }

    private static Path targetDir() {
        try {
            Path code = Path.of(BenchPaths.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            // From the jar: its folder; from target/classes: target.
            return code.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("target");
        }
    }
}

package io.headroom.agent.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the project's own tools/make-site-ca, as an operator would, into a test directory. */
public record SiteCa(Path dir) {

    private static final Path SCRIPT =
            Path.of("..", "tools", "make-site-ca").toAbsolutePath().normalize();

    public static SiteCa make(Path dir, String name) throws IOException, InterruptedException {
        var ca = new SiteCa(dir);
        ca.run("ca", "--name", name);
        return ca;
    }

    public Path ca() {
        return dir.resolve("ca.crt");
    }

    public Path certificate(String name) {
        return dir.resolve(name + ".crt");
    }

    public Path key(String name) {
        return dir.resolve(name + ".key");
    }

    /** The script's output; fails the test with it when the script fails. */
    public String run(String command, String... arguments) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("sh", SCRIPT.toString(), command, dir.toString()));
        line.addAll(List.of(arguments));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(
                    "make-site-ca " + String.join(" ", line.subList(2, line.size())) + " failed:\n" + output);
        }
        return output;
    }
}

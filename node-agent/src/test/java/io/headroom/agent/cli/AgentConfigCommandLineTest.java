package io.headroom.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.AgentMainAccess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `headroom-agent --config FILE`: a file the agent cannot run with stops it at start, with the line and the reason. */
class AgentConfigCommandLineTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return AgentMainAccess.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void aBadFileIsRefusedWithItsLineAndNoStackTrace() throws Exception {
        Path file = Files.writeString(dir.resolve("agent.yaml"), """
                listen:
                  port: 50051
                sources:
                  nvidia_smi:
                    path: /usr/bin/nvidia-smi
                    interval_ms: fast
                """);
        assertThat(run("--config", file.toString())).isEqualTo(2);
        assertThat(err.toString())
                .contains("headroom-agent: " + file
                        + " line 6: sources.nvidia_smi.interval_ms must be a number of milliseconds, was 'fast'")
                .doesNotContain("\tat ", "Exception");
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("agent.yaml");
        assertThat(run("--config", file.toString(), "--simulate")).isEqualTo(2);
        assertThat(err.toString()).contains(file + ": no such file").doesNotContain("\tat ");
    }

    @Test
    void aFileWithoutGpuSourcesNeedsSimulate() throws Exception {
        Path file = Files.writeString(dir.resolve("agent.yaml"), "listen:\n  port: 0\n");
        assertThat(run("--config", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("names no GPU source", "--simulate");
    }

    @Test
    void aSourceThatCannotStartIsNamedWithTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("agent.yaml"), """
                listen:
                  port: 0
                sources:
                  nvidia_smi:
                    path: %s
                """.formatted(dir.resolve("no-nvidia-smi")));
        assertThat(run("--config", file.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains(
                        "nvidia-smi: " + dir.resolve("no-nvidia-smi") + " does not exist",
                        "(configured in " + file + ")")
                .doesNotContain("\tat ");
    }

    @Test
    void commandLineOptionsStillCheckedWithAFile() throws Exception {
        // --port on the command line wins over the file's listen.port, and is checked as before.
        Path file = Files.writeString(dir.resolve("agent.yaml"), "listen:\n  port: 50051\n");
        assertThat(run("--config", file.toString(), "--simulate", "--port", "70000"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--port must be between 0 and 65535, was 70000");
    }
}

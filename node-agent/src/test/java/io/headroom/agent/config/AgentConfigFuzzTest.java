package io.headroom.agent.config;

import static io.headroom.agent.BrokenInputs.around;
import static io.headroom.agent.BrokenInputs.random;
import static io.headroom.agent.BrokenInputs.survive;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever an operator (or a broken disk) puts in agent.yaml, the agent starts with a
 * configuration or stops with a {@link ConfigException} whose message names the file: never
 * with a stack trace. Seeds, and what fuzzing found, are in {@code AgentConfigFuzzTestInputs/anyFile/}.
 */
class AgentConfigFuzzTest {

    private static final Path FILE = temporaryFile();

    private static Path temporaryFile() {
        try {
            return Files.createTempFile("agent-fuzz", ".yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeFile() throws IOException {
        Files.deleteIfExists(FILE);
    }

    @FuzzTest(maxDuration = "60s")
    void anyFile(byte[] input) throws IOException {
        Files.write(FILE, input);
        try {
            AgentConfigReader.read(FILE);
        } catch (ConfigException documented) {
            assertThat(documented.getMessage()).startsWith(FILE.toString());
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // against a parser that never returns, not a speed check
    void everyPrefixAndRandomChangeOfTheShippedExampleAndRandomBytes() throws IOException {
        String example = Files.readString(Path.of("src/main/dist/agent.yaml"));
        List<byte[]> inputs = new ArrayList<>(around(List.of(example), 51, 1500));
        inputs.addAll(random(
                "sources:\n  nvidia_smi: {path: /x, interval_ms: 9}\n- &a *a !!int ? [ ] # \"'\t", 52, 2000, 300));
        survive("AgentConfigReader", inputs, this::anyFile);
    }
}

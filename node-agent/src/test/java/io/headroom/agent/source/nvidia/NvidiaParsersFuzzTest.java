package io.headroom.agent.source.nvidia;

import static io.headroom.agent.BrokenInputs.around;
import static io.headroom.agent.BrokenInputs.mutations;
import static io.headroom.agent.BrokenInputs.prefixes;
import static io.headroom.agent.BrokenInputs.random;
import static io.headroom.agent.BrokenInputs.survive;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.headroom.agent.Fixtures;
import io.headroom.core.fleet.SampleBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever nvidia-smi prints, the agent reads it or says why not: {@code -q -x} gives an
 * inventory or {@link XmlInventory.Unreadable}, a {@code --query-gpu} line a sample or
 * {@link SampleLine.Malformed}, {@code --help-query-gpu} a field list. Nothing else escapes.
 * Seeds, and what fuzzing found, are in {@code NvidiaParsersFuzzTestInputs/<method>/}.
 */
class NvidiaParsersFuzzTest {

    private static final List<String> CAPTURES = List.of(
            "nvidia-smi/capture__h100-80gb-hbm3__590.48.01.txt",
            "nvidia-smi/capture__h100-mig__590.48.01.txt",
            "nvidia-smi/capture__l40s__595.80.txt");
    private static final List<String> XML =
            List.of("nvidia-smi/query-xml__a100-sxm4-v12.xml", "nvidia-smi/query-xml__tesla-t4.xml");
    /** The fields a current driver offers, so every parser branch is reachable. */
    private static final QueryFields FIELDS = SampleLineTest.fieldsOf(CAPTURES.getFirst());

    @FuzzTest(maxDuration = "60s")
    void xmlInventory(byte[] input) {
        try {
            XmlInventory.parse(new String(input, StandardCharsets.UTF_8));
        } catch (XmlInventory.Unreadable documented) {
            // what the source logs and counts
        }
    }

    @FuzzTest(maxDuration = "60s")
    void sampleLines(byte[] input) {
        var sample = new SampleBuffer();
        for (String line : new String(input, StandardCharsets.UTF_8).split("\n", -1)) {
            try {
                SampleLine.parse(FIELDS, line, sample.clear());
            } catch (SampleLine.Malformed documented) {
                // skipped and counted by the source
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void helpQueryGpu(byte[] input) {
        QueryFields.choose(new String(input, StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // against a parser that never returns, not a speed check
    void everyPrefixAndRandomChangeOfTheXmlFixturesAndRandomBytes() {
        List<byte[]> inputs =
                new ArrayList<>(around(XML.stream().map(Fixtures::read).toList(), 11, 300));
        inputs.addAll(random(
                "<nvidia_smi_log><gpu id=\"\"><uuid>GPU-</uuid><fb_memory_usage><total>81920 MiB</total>"
                        + "</fb_memory_usage><mig_mode><current_mig>Enabled</current_mig></mig_mode>&;!DOCTYPE",
                12,
                1000,
                600));
        survive("XmlInventory", inputs, this::xmlInventory);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyPrefixAndRandomChangeOfTheCapturedLinesAndRandomBytes() {
        List<byte[]> inputs = new ArrayList<>();
        long seed = 21;
        for (String capture : CAPTURES) {
            for (int occurrence = 0; occurrence < 2; occurrence++) {
                String line = SampleLineTest.lineOf(FIELDS, Fixtures.queryGpuRow(capture, occurrence));
                inputs.addAll(prefixes(line));
                inputs.addAll(mutations(line, seed++, 500));
            }
            String help = String.join("\n", Fixtures.captureSection(capture, "nvidia-smi --help-query-gpu", 0));
            survive("QueryFields", mutations(help, seed++, 200), this::helpQueryGpu);
        }
        inputs.addAll(random("0123456789., -+eE[N/A]MiBWCx%GPU-", 22, 3000, 300));
        survive("SampleLine", inputs, this::sampleLines);
    }
}

package io.headroom.agent.source;

import static io.headroom.agent.BrokenInputs.around;
import static io.headroom.agent.BrokenInputs.random;
import static io.headroom.agent.BrokenInputs.survive;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.headroom.agent.Fixtures;
import io.headroom.agent.source.ascend.NpuExporterMetrics;
import io.headroom.agent.source.ascend.NpuSmiDetails;
import io.headroom.agent.source.ascend.NpuSmiInfo;
import io.headroom.agent.source.ascend.NpuSmiMapping;
import io.headroom.agent.source.cambricon.CnmonOutput;
import io.headroom.agent.source.dcgm.PrometheusText;
import io.headroom.agent.source.hygon.HySmiOutput;
import io.headroom.agent.source.kunlunxin.XpuSmiOutput;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.MigSlice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever npu-smi, npu-exporter, hy-smi, cnmon and xpu_smi print, their readers return the
 * accelerators they could read and the problems they met: they never throw, and every
 * accelerator and slice they list has a reading. Seeds (the captures and a few nasty tables) are
 * in {@code DomesticParsersFuzzTestInputs/<method>/}.
 */
class DomesticParsersFuzzTest {

    private static final String BOX =
            "| NPU Name Chip Card Fan DevID Health Bus-Id PCI Addr Model / N/A 0 1.5 W MiB % C +-=\n";

    @FuzzTest(maxDuration = "30s")
    void npuSmiInfo(byte[] input) {
        var parsed = NpuSmiInfo.parse(text(input), 1L, Map.of("0/0", 0), Map.of("0/0", "Ascend 910A"));
        readingForEach(parsed.output());
        assertThat(parsed.chips()).containsOnlyKeys(parsed.output().readings().keySet());
    }

    @FuzzTest(maxDuration = "30s")
    void npuSmiPages(byte[] input) {
        String text = text(input);
        NpuSmiMapping mapping = NpuSmiMapping.parse(text);
        assertThat(mapping.names()).containsOnlyKeys(mapping.logicIds().keySet());
        assertThat(NpuSmiDetails.parse(text).records())
                .allSatisfy(r -> assertThat(r).isNotEmpty());
    }

    @FuzzTest(maxDuration = "30s")
    void npuExporter(byte[] input) {
        readingForEach(NpuExporterMetrics.of(PrometheusText.parse(text(input)).samples(), 1L));
    }

    @FuzzTest(maxDuration = "30s")
    void hySmi(byte[] input) {
        readingForEach(HySmiOutput.parse(text(input), 1L));
    }

    @FuzzTest(maxDuration = "30s")
    void cnmon(byte[] input) {
        readingForEach(CnmonOutput.parse(text(input), 1L).output());
    }

    @FuzzTest(maxDuration = "30s")
    void xpuSmi(byte[] input) {
        readingForEach(XpuSmiOutput.parse(text(input), 1L));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // against a parser that never returns, not a speed check
    void everyPrefixAndRandomChangeOfTheCapturesAndRandomBytes() {
        survive(
                "NpuSmiInfo",
                inputs(
                        31,
                        "ascend/npu-smi-info__atlas-800-training-9010__6.0.RC1.txt",
                        "ascend/npu-smi-info__atlas-800-inference-3000__1.0.11.txt"),
                this::npuSmiInfo);
        survive(
                "NpuSmiMapping and NpuSmiDetails",
                inputs(
                        32,
                        "ascend/npu-smi-info-m__atlas-800-inference-3000__1.0.11.txt",
                        "ascend/npu-smi-t__910b__25.5.1.txt"),
                this::npuSmiPages);
        survive("NpuExporterMetrics", inputs(33, "ascend/npu-exporter__metrics__910Awn.txt"), this::npuExporter);
        survive("HySmiOutput", inputs(34, "hygon/hy-smi__hcu-8.txt"), this::hySmi);
        survive("CnmonOutput", inputs(35, "cambricon/cnmon__mlu370-x8__v5.10.13.txt"), this::cnmon);
        survive("XpuSmiOutput", inputs(36, "kunlunxin/xpu_smi__r300__runtime-4.31.txt"), this::xpuSmi);
    }

    private static List<byte[]> inputs(long seed, String... captures) {
        List<String> texts = new ArrayList<>();
        for (String name : captures) {
            // The exporter page's first 3,000 characters: its prefixes are what is tried, and they grow as the square.
            String text = Fixtures.read("domestic/" + name);
            texts.add(text.substring(0, Math.min(text.length(), 3000)));
        }
        List<byte[]> inputs = new ArrayList<>(around(texts, seed, 200));
        inputs.addAll(random(BOX, seed, 500, 300));
        return inputs;
    }

    private static String text(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }

    private static void readingForEach(ToolOutput out) {
        for (Accelerator a : out.accelerators()) {
            assertThat(out.readings()).containsKey(a.uuid());
            for (MigSlice s : a.slices()) {
                assertThat(out.readings()).containsKey(s.uuid());
            }
        }
        assertThat(out.faults().keySet()).isSubsetOf(out.readings().keySet());
    }
}

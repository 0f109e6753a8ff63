package io.headroom.agent.source.dcgm;

import static io.headroom.agent.BrokenInputs.around;
import static io.headroom.agent.BrokenInputs.random;
import static io.headroom.agent.BrokenInputs.survive;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.headroom.agent.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Any text an exporter sends, however broken, is read into samples and problems and the
 * samples into a scrape: neither ever throws (a broken line is a problem, not an exception).
 * Seeds, and what fuzzing found, are in {@code DcgmParsersFuzzTestInputs/prometheusText/}.
 */
class DcgmParsersFuzzTest {

    private static final List<String> FIXTURES = List.of(
            "dcgm-exporter/2x-t4__one-workload.prom",
            "dcgm-exporter/a100-40gb__mig-2x1g.5gb-1x2g.10gb.prom",
            "dcgm-exporter/a100-40gb__mig-disabled-idle.prom");

    @FuzzTest(maxDuration = "60s")
    void prometheusText(byte[] input) {
        PrometheusText.Parsed parsed = PrometheusText.parse(new String(input, StandardCharsets.UTF_8));
        DcgmScrape scrape = DcgmScrape.of(parsed.samples(), 1L);
        // Every GPU and MIG instance in the scrape has its reading.
        scrape.accelerators().forEach(gpu -> {
            assertThat(scrape.readings()).containsKey(gpu.uuid());
            gpu.slices().forEach(slice -> assertThat(scrape.readings()).containsKey(slice.uuid()));
        });
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // against a parser that never returns, not a speed check
    void everyPrefixAndRandomChangeOfTheFixturesAndRandomBytes() {
        List<byte[]> inputs =
                new ArrayList<>(around(FIXTURES.stream().map(Fixtures::read).toList(), 1, 500));
        inputs.addAll(random(
                "DCGM_FI_DEV_GPU_TEMP{gpu=\"0\",UUID=\"GPU-1\",GPU_I_ID=\"1\"} 0x7ff.5e9 NaN+Inf#\\\n \t,",
                7,
                2000,
                600));
        survive("PrometheusText and DcgmScrape", inputs, this::prometheusText);
    }
}

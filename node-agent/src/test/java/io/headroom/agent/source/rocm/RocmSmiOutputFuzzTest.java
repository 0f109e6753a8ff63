package io.headroom.agent.source.rocm;

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
 * Whatever rocm-smi prints, {@link RocmSmiOutput#parse} returns the cards it could read and
 * the problems it met: it never throws. Seeds, and what fuzzing found, are in
 * {@code RocmSmiOutputFuzzTestInputs/anyOutput/}.
 */
class RocmSmiOutputFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyOutput(byte[] input) {
        RocmSmiOutput parsed = RocmSmiOutput.parse(new String(input, StandardCharsets.UTF_8), 1L);
        parsed.accelerators().forEach(gpu -> assertThat(parsed.readings()).containsKey(gpu.uuid()));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // against a parser that never returns, not a speed check
    void everyPrefixAndRandomChangeOfTheFixtureAndRandomBytes() {
        List<byte[]> inputs =
                new ArrayList<>(around(List.of(Fixtures.read("amd-rocm-smi/mi100_rocm602.json")), 31, 1500));
        inputs.addAll(random("{\"card0\": {\"GPU use (%)\": \"(1.5e9Mhz)\", [ ] , : null N/A -", 32, 2000, 400));
        survive("RocmSmiOutput", inputs, this::anyOutput);
    }
}

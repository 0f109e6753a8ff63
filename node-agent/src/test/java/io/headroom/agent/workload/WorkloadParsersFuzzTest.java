package io.headroom.agent.workload;

import static io.headroom.agent.BrokenInputs.around;
import static io.headroom.agent.BrokenInputs.random;
import static io.headroom.agent.BrokenInputs.survive;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.headroom.agent.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever nvidia-smi or rocm-smi prints as its process list, the readers return processes or
 * say it is unreadable ({@link NvidiaComputeApps.Unreadable}); nothing else escapes them.
 */
class WorkloadParsersFuzzTest {

    private static final Map<String, Integer> GPUS =
            Map.of("GPU-00000000-0000-0000-0000-000000000000", 0, "GPU-d37e67a5-91dd-3774-a5cb-99096249601a", 1);

    @FuzzTest(maxDuration = "60s")
    void anyProcessList(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            NvidiaComputeApps.parse(text, GPUS);
        } catch (NvidiaComputeApps.Unreadable expected) {
            // said in words
        }
        try {
            NvidiaXmlProcesses.parse(text, GPUS);
        } catch (NvidiaComputeApps.Unreadable expected) {
            // said in words
        }
        try {
            RocmPids.parse(text);
        } catch (NvidiaComputeApps.Unreadable expected) {
            // said in words
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // against a parser that never returns, not a speed check
    void everyPrefixAndRandomChangeOfTheOutputsAndRandomBytes() {
        String apps = """
                GPU-00000000-0000-0000-0000-000000000000, 11327, /root/tools/memhog, 2566 MiB
                GPU-00000000-0000-0000-0000-000000000000, 11345, ./gpu_burn, [N/A]
                """;
        List<byte[]> inputs = new ArrayList<>(around(
                List.of(
                        apps,
                        Fixtures.read("nvidia-smi/query-xml__tesla-t4.xml"),
                        ComputeProcessReadersTest.resource("rocm-smi-showpids-showpidgpus.txt")),
                41,
                500));
        inputs.addAll(random("GPU-, 0123456789[N/A] MiB\nPID is using DRM device(s):<>/", 42, 2000, 400));
        survive("process lists", inputs, this::anyProcessList);
    }
}

package io.headroom.agent.source.ascend;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.Fixtures;
import io.headroom.agent.StandIn;
import io.headroom.agent.source.PolledToolSource;
import io.headroom.core.fleet.Accelerator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** npu-smi through a stand-in: the -m mapping gives indices and names, and -t power fills a table's NA power. */
class NpuSmiSourceTest {

    @TempDir
    Path dir;

    private PolledToolSource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void mappingAndPowerPage() throws Exception {
        // The 310 table with chip 2's power as NA (as 310P cards print it); -t power answers with the 910B page's 103.5
        // W.
        String table = Fixtures.read(NpuSmiInfoTest.INFERENCE_310)
                .replace(
                        "| 6       310       | OK              | 12.8              70 ",
                        "| 6       310       | OK              | NA                70 ");
        String power = NpuSmiDetailsTest.sections().get("npu-smi info -t power -i 0");
        StandIn standIn = StandIn.script(dir, "npu-smi", """
                        case "$*" in
                          "info -m") cat "$D/m.txt" ;;
                          "info") cat "$D/info.txt" ;;
                          "info -t power -i 6 -c 2") cat "$D/power.txt" ;;
                          *) echo "unexpected: $*" >&2; exit 9 ;;
                        esac
                        """)
                .file("m.txt", Fixtures.read(NpuSmiInfoTest.MAPPING_310))
                .file("info.txt", table)
                .file("power.txt", power);
        source = NpuSmiSource.create(standIn.executable(), 60_000, Duration.ofSeconds(10), InstantSource.system());
        source.start();

        assertThat(source.health().lastProblem()).isEmpty();
        assertThat(source.accelerators()).extracting(Accelerator::index).containsExactly(0, 1, 2, 3);
        assertThat(source.reading("ASCEND-pci-0000:8b:00.0").powerW()).isEqualTo(103.5f);
        assertThat(source.reading("ASCEND-pci-0000:8b:00.0").gpuTempC()).isEqualTo(70f);
        assertThat(source.reading("ASCEND-pci-0000:8a:00.0").powerW()).isEqualTo(12.8f);
        assertThat(source.faults()).isEmpty();
    }

    @Test
    void warningsAreFaults() throws Exception {
        StandIn standIn = StandIn.script(dir, "npu-smi", """
                        case "$*" in
                          "info -m") cat "$D/m.txt" ;;
                          *) cat "$D/info.txt" ;;
                        esac
                        """)
                .file("m.txt", Fixtures.read(NpuSmiInfoTest.MAPPING_24))
                .file("info.txt", Fixtures.read(NpuSmiInfoTest.TRAINING_24));
        source = NpuSmiSource.create(standIn.executable(), 60_000, Duration.ofSeconds(10), InstantSource.system());
        source.start();
        assertThat(source.faults())
                .containsOnlyKeys("ASCEND-pci-0000:01:00.0", "ASCEND-pci-0000:02:00.0")
                .containsValue("Warning");
        assertThat(source.accelerators()).extracting(Accelerator::model).containsOnly("Huawei Ascend 910A");
    }
}

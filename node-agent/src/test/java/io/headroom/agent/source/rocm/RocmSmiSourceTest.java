package io.headroom.agent.source.rocm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.agent.Fixtures;
import io.headroom.agent.StandIn;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rocm-smi source against a stand-in rocm-smi printing the captured MI100 output. */
class RocmSmiSourceTest {

    @TempDir
    Path dir;

    private RocmSmiSource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void readsEveryIntervalAndSurvivesATruncatedRun() throws Exception {
        String full = Fixtures.read("amd-rocm-smi/mi100_rocm602.json");
        // Every third run is cut short after card1, as a rocm-smi killed mid-print would be.
        StandIn standIn = StandIn.script(dir, "rocm-smi", """
                case "$*" in
                  *--json*) if [ $((n % 3)) -eq 2 ]; then cat "$D/cut.json"; else cat "$D/full.json"; fi ;;
                  *) exit 2 ;;
                esac
                """)
                .file("full.json", full)
                .file("cut.json", full.substring(0, full.indexOf("\"card2\"") + 100));
        source = new RocmSmiSource(standIn.executable(), 100, java.time.Duration.ofSeconds(10), InstantSource.system());
        source.start();

        assertThat(source.accelerators()).hasSize(4);
        long before = source.reading("AMD-0x1b9dd972253c3736").timeMillis();
        await("a cut run and more runs")
                .until(() -> source.health().malformed() >= 1 && source.health().readings() >= 4);
        assertThat(source.health().lastProblem()).startsWith("not valid JSON at line ");
        // The cards after the cut keep their place and keep updating on the good runs.
        assertThat(source.accelerators()).hasSize(4);
        await("card3 updated again")
                .until(() -> source.reading("AMD-0x1b9dd972253c3736").timeMillis() > before);
        assertThat(source.reading("AMD-0x1b9dd972253c3736").powerW()).isEqualTo(39f);
    }
}

package io.headroom.agent.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.headroom.agent.Fixtures;
import io.headroom.agent.StandIn;
import io.headroom.agent.source.ascend.NpuSmiSource;
import io.headroom.agent.source.cambricon.CnmonSource;
import io.headroom.agent.source.hygon.HySmiSource;
import io.headroom.agent.source.kunlunxin.XpuSmiSource;
import io.headroom.core.fleet.Accelerator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * npu-smi, hy-smi, cnmon and xpu_smi through stand-in executables printing the real captures:
 * a run that hangs is killed and the next one comes; one that dies, prints garbage or is cut
 * short leaves the last readings in place to go stale, never zeros, and loses no accelerator.
 */
class TableToolStandInTest {

    /** One tool: how to build its source, the capture it prints, and one accelerator in it with its power. */
    record Tool(String name, Factory factory, String capture, int accelerators, String uuid, float powerW) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface Factory {
        PolledToolSource create(Path executable, int intervalMs, Duration timeout, InstantSource clock);
    }

    static Stream<Arguments> tools() {
        return Stream.of(
                Arguments.of(new Tool(
                        "npu-smi",
                        NpuSmiSource::create,
                        "domestic/ascend/npu-smi-info__atlas-800-training-9010__6.0.RC1.txt",
                        8,
                        "ASCEND-pci-0000:3e:00.0",
                        191.7f)),
                Arguments.of(new Tool(
                        "hy-smi", HySmiSource::create, "domestic/hygon/hy-smi__hcu-8.txt", 8, "HYGON-hcu7", 82f)),
                Arguments.of(new Tool(
                        "cnmon",
                        CnmonSource::create,
                        "domestic/cambricon/cnmon__mlu370-x8__v5.10.13.txt",
                        2,
                        "CAMBRICON-pci-0000:3d:00.0",
                        106f)),
                Arguments.of(new Tool(
                        "xpu_smi",
                        XpuSmiSource::create,
                        "domestic/kunlunxin/xpu_smi__r300__runtime-4.31.txt",
                        2,
                        "KUNLUNXIN-pci-0000:56:00.0",
                        Float.NaN)));
    }

    @TempDir
    Path dir;

    private PolledToolSource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
    }

    /** A stand-in that prints the capture on its first run (and for npu-smi's -m), then does {@code after}. */
    private StandIn standIn(Tool tool, String after) {
        String capture = Fixtures.read(tool.capture());
        return StandIn.script(dir, tool.name(), """
                        case "$*" in
                          "info -m") cat "$D/mapping.txt" ;;
                          *) if [ ! -f "$D/seen" ]; then touch "$D/seen"; cat "$D/out.txt"; exit 0; fi
                        """ + after + """

                             ;;
                        esac
                        """)
                .file("out.txt", capture)
                .file("cut.txt", capture.substring(0, capture.length() * 2 / 3))
                .file(
                        "mapping.txt",
                        Fixtures.read("domestic/ascend/npu-smi-info-m__atlas-800-training-9010__24.1.RC2.txt"));
    }

    private void start(Tool tool, StandIn standIn, Duration timeout) throws SourceException {
        source = tool.factory().create(standIn.executable(), 100, timeout, InstantSource.system());
        source.start();
        assertThat(source.accelerators()).hasSize(tool.accelerators());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tools")
    void aRunThatHangsIsKilledAndTheReadingGoesStale(Tool tool) throws Exception {
        StandIn standIn = standIn(tool, "sleep 30");
        start(tool, standIn, Duration.ofMillis(700));
        long first = source.reading(tool.uuid()).timeMillis();

        await("a hung run killed")
                .atMost(Duration.ofSeconds(20))
                .until(() -> source.health().failures() >= 1);
        assertThat(source.health().lastProblem()).contains("did not finish within 700 ms, so it was killed");
        await("the next run after the kill")
                .atMost(Duration.ofSeconds(20))
                .until(() -> source.health().failures() >= 2);
        // Stale, not zero: the reading is the first run's, with its time.
        assertThat(source.reading(tool.uuid()).timeMillis()).isEqualTo(first);
        assertPower(tool);
        assertThat(source.accelerators()).hasSize(tool.accelerators());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tools")
    void aRunThatDiesIsNamedAndTheNextOneReads(Tool tool) throws Exception {
        StandIn standIn = standIn(tool, """
                if [ $((n % 2)) -eq 0 ]; then echo "driver not loaded" >&2; exit 3; fi; cat "$D/out.txt\"""");
        start(tool, standIn, Duration.ofSeconds(10));
        long first = source.reading(tool.uuid()).timeMillis();

        await("a death and a good run after it")
                .atMost(Duration.ofSeconds(20))
                .until(() -> source.health().failures() >= 1
                        && source.reading(tool.uuid()).timeMillis() > first);
        assertThat(source.health().lastProblem()).contains("exited with code 3: driver not loaded");
        assertPower(tool);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tools")
    void garbageAndCutRunsAreNamedAndLoseNothing(Tool tool) throws Exception {
        StandIn standIn = standIn(tool, """
                case $((n % 3)) in 0) echo "Segmentation fault (core dumped) | 0x7f3a |" ;; 1) cat "$D/cut.txt" ;; *) cat "$D/out.txt" ;; esac""");
        start(tool, standIn, Duration.ofSeconds(10));
        long first = source.reading(tool.uuid()).timeMillis();

        await("garbage, a cut run and good runs")
                .atMost(Duration.ofSeconds(20))
                .until(() -> source.health().malformed() >= 2
                        && source.reading(tool.uuid()).timeMillis() > first);
        assertThat(source.accelerators()).hasSize(tool.accelerators());
        assertThat(source.accelerators()).extracting(Accelerator::uuid).contains(tool.uuid());
        assertPower(tool);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tools")
    void garbageOnTheFirstRunStopsTheStartWithTheReason(Tool tool) {
        StandIn standIn = StandIn.script(dir, tool.name(), "echo 'dcmi module initialize failed. ret is -8005'\n")
                .file("x", "");
        source = tool.factory().create(standIn.executable(), 100, Duration.ofSeconds(10), InstantSource.system());
        assertThatThrownBy(source::start)
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith(tool.name() + ": ")
                .hasMessageContaining(tool.name().equals("hy-smi") ? "line 1 'dcmi module" : "no ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tools")
    void aMissingToolNamesItsSetting(Tool tool) {
        source = tool.factory().create(dir.resolve("absent"), 100, Duration.ofSeconds(10), InstantSource.system());
        assertThatThrownBy(source::start)
                .isInstanceOf(SourceException.class)
                .hasMessageContaining(
                        "does not exist; set sources." + tool.name().replace('-', '_') + ".path");
    }

    private void assertPower(Tool tool) {
        if (Float.isNaN(tool.powerW())) {
            assertThat(source.reading(tool.uuid()).powerW()).isNaN();
        } else {
            assertThat(source.reading(tool.uuid()).powerW()).isEqualTo(tool.powerW());
        }
    }
}

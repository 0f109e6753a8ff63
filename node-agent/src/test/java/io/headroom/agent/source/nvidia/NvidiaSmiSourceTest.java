package io.headroom.agent.source.nvidia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.headroom.agent.Fixtures;
import io.headroom.agent.StandIn;
import io.headroom.agent.source.Backoff;
import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.SourceException;
import io.headroom.core.fleet.Accelerator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nvidia-smi source against a stand-in nvidia-smi that prints what real drivers printed:
 * the XML inventory from the telegraf fixtures, --help-query-gpu and --query-gpu rows from the
 * captures. The rows carry the inventory's UUID, since the captures mask theirs.
 */
class NvidiaSmiSourceTest {

    private static final String L40S = "nvidia-smi/capture__l40s__595.80.txt";
    private static final String H100_MIG = "nvidia-smi/capture__h100-mig__590.48.01.txt";
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200));

    @TempDir
    Path dir;

    private NvidiaSmiSource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
    }

    /** A stand-in whose running query prints {@code samples} over and over, or runs {@code query} when given. */
    private StandIn standIn(String capture, String xmlFixture, String samples, String query) {
        return StandIn.script(dir, "nvidia-smi", """
                case "$1" in
                  --help-query-gpu) cat "$D/help.txt" ;;
                  -q) cat "$D/query.xml" ;;
                  --query-gpu=*) %s ;;
                  *) echo "unexpected arguments: $*" >&2; exit 9 ;;
                esac
                """.formatted(
                                query != null ? query : "while :; do cat \"$D/samples.csv\"; sleep 0.05; done"))
                .file(
                        "help.txt",
                        String.join("\n", Fixtures.captureSection(capture, "nvidia-smi --help-query-gpu", 0)) + "\n")
                .file("query.xml", Fixtures.read(xmlFixture))
                .file("samples.csv", samples);
    }

    /** The capture's row under load, as the source's running query would print it, for the GPU with {@code uuid}. */
    private static String row(String capture, String uuid) {
        Map<String, String> row = new HashMap<>(Fixtures.queryGpuRow(capture, 1));
        row.put("uuid", uuid);
        return SampleLineTest.lineOf(SampleLineTest.fieldsOf(capture), row) + "\n";
    }

    private NvidiaSmiSource start(StandIn standIn) throws SourceException {
        source = new NvidiaSmiSource(
                standIn.executable(), 100, 1000, QUICK, Duration.ofSeconds(5), InstantSource.system());
        source.start();
        return source;
    }

    @Test
    void aGpuIsInventoriedAndSampledFromOneRunningQuery() throws Exception {
        String uuid = "GPU-d37e67a5-91dd-3774-a5cb-99096249601a";
        StandIn standIn = standIn(L40S, "nvidia-smi/query-xml__tesla-t4.xml", row(L40S, uuid), null);
        start(standIn);

        assertThat(source.accelerators()).extracting(Accelerator::model).containsExactly("Tesla T4");
        await("a first sample").until(() -> source.reading(uuid) != null);
        GpuReading first = source.reading(uuid);
        assertThat(first.utilizationPct()).isEqualTo(9f);
        assertThat(first.memoryUsedMib()).isEqualTo(1235f);
        assertThat(first.powerW()).isEqualTo(110.23f);
        assertThat(first.powerLimitW()).isEqualTo(350f);
        assertThat(first.gpuTempC()).isEqualTo(54f);
        assertThat(first.memoryTempC()).isNaN();
        assertThat(first.smClockMhz()).isEqualTo(2520f);

        await("several samples").until(() -> source.health().readings() >= 5);
        assertThat(source.reading(uuid).timeMillis()).isGreaterThan(first.timeMillis());
        // --help-query-gpu, -q -x, and one --query-gpu that keeps running.
        assertThat(standIn.starts()).isEqualTo(3);
    }

    @Test
    void underMigTheGpuHasNoUtilizationAndEachInstanceItsMemory() throws Exception {
        String uuid = "GPU-513536b6-7d19-9063-b049-1e69664bb298";
        start(standIn(H100_MIG, "nvidia-smi/query-xml__a100-sxm4-v12.xml", row(H100_MIG, uuid), null));

        await("a first sample").until(() -> source.reading(uuid) != null);
        GpuReading gpu = source.reading(uuid);
        assertThat(gpu.utilizationPct()).isNaN();
        assertThat(gpu.powerW()).isEqualTo(433.78f);
        assertThat(source.accelerators().getFirst().slices()).hasSize(4).allSatisfy(slice -> {
            GpuReading instance = source.reading(slice.uuid());
            assertThat(instance).isNotNull();
            assertThat(instance.memoryUsedMib()).isEqualTo(12f); // fb_memory_usage/used of each mig_device
            assertThat(instance.utilizationPct()).isNaN();
            assertThat(instance.smActivePct()).isNaN();
        });
    }

    @Test
    void aQueryThatDiesIsStartedAgainWithBackoff() throws Exception {
        String uuid = "GPU-d37e67a5-91dd-3774-a5cb-99096249601a";
        // The first run prints two samples and dies, as nvidia-smi does when the driver is reloaded.
        String query = """
                if [ ! -f "$D/died" ]; then touch "$D/died"; cat "$D/samples.csv" "$D/samples.csv"; \
                echo "Failed to initialize NVML: Driver/library version mismatch" >&2; exit 3; fi
                while :; do cat "$D/samples.csv"; sleep 0.05; done""";
        StandIn standIn = standIn(L40S, "nvidia-smi/query-xml__tesla-t4.xml", row(L40S, uuid), query);
        start(standIn);

        await("a restart").until(() -> source.health().restarts() >= 1);
        assertThat(source.health().lastProblem()).contains("exited with code 3", "Driver/library version mismatch");
        long before = source.health().readings();
        await("samples from the restarted query").until(() -> source.health().readings() > before + 3);
        assertThat(source.health().restarts()).isEqualTo(1);
        assertThat(standIn.starts()).isEqualTo(4);
    }

    @Test
    void aQueryThatClosesItsOutputButStaysIsKilledAndStartedAgain() throws Exception {
        String uuid = "GPU-d37e67a5-91dd-3774-a5cb-99096249601a";
        // The first run prints a sample, closes its output and lingers; later runs behave.
        String query = """
                if [ ! -f "$D/closed" ]; then touch "$D/closed"; cat "$D/samples.csv"; exec >&-; sleep 600; fi
                while :; do cat "$D/samples.csv"; sleep 0.05; done""";
        StandIn standIn = standIn(L40S, "nvidia-smi/query-xml__tesla-t4.xml", row(L40S, uuid), query);
        source = new NvidiaSmiSource(
                standIn.executable(), 100, 1000, QUICK, Duration.ofSeconds(1), InstantSource.system());
        source.start();

        await("the lingering query killed and started again")
                .until(() -> source.health().restarts() >= 1);
        assertThat(source.health().lastProblem())
                .isEqualTo("closed its output after 1 lines but did not exit, so it was killed");
        long before = source.health().readings();
        await("samples from the new query").until(() -> source.health().readings() > before + 3);
    }

    @Test
    void aGarbageLineIsSkippedAndTheSamplesAroundItKept() throws Exception {
        String uuid = "GPU-d37e67a5-91dd-3774-a5cb-99096249601a";
        String good = row(L40S, uuid);
        start(standIn(
                L40S,
                "nvidia-smi/query-xml__tesla-t4.xml",
                good + "Unable to determine the device handle for GPU0000:41:00.0: Unknown Error\n" + good,
                null));

        await("garbage and samples")
                .until(() -> source.health().malformed() >= 2 && source.health().readings() >= 4);
        assertThat(source.health().lastProblem()).startsWith("expected 13 comma-separated values");
        assertThat(source.reading(uuid).powerW()).isEqualTo(110.23f);
        assertThat(source.health().restarts()).isZero();
    }

    @Test
    void aMissingExecutableIsNamed() {
        source = new NvidiaSmiSource(
                dir.resolve("nvidia-smi"), 100, 1000, QUICK, Duration.ofSeconds(5), InstantSource.system());
        assertThatThrownBy(source::start)
                .isInstanceOf(SourceException.class)
                .hasMessage("nvidia-smi: " + dir.resolve("nvidia-smi")
                        + " does not exist; set sources.nvidia_smi.path to where nvidia-smi is");
    }
}

package io.headroom.agent.source.dcgm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.agent.Fixtures;
import io.headroom.agent.source.GpuReading;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.MigSlice;
import org.junit.jupiter.api.Test;

/** dcgm-exporter scrapes as real exporters served them; expected values read off the files by hand. */
class DcgmScrapeTest {

    private static DcgmScrape scrape(String text) {
        var parsed = PrometheusText.parse(text);
        assertThat(parsed.problems()).isEmpty();
        return DcgmScrape.of(parsed.samples(), 1000);
    }

    @Test
    void anA100WithThreeMigInstances() {
        DcgmScrape scrape = scrape(Fixtures.read("dcgm-exporter/a100-40gb__mig-2x1g.5gb-1x2g.10gb.prom"));

        assertThat(scrape.hostname()).isEqualTo("nvidia-dcgm-exporter-q28k4");
        Accelerator gpu = scrape.accelerators().getFirst();
        assertThat(scrape.accelerators()).hasSize(1);
        assertThat(gpu.uuid()).isEqualTo("GPU-7099682b-a20d-2bcc-74ab-b9060454d81e");
        assertThat(gpu.model()).isEqualTo("NVIDIA A100-SXM4-40GB");
        assertThat(gpu.migEnabled()).isTrue();
        assertThat(gpu.slices()).extracting(MigSlice::gpuInstanceId).containsExactly(7, 9, 5);
        assertThat(gpu.slices()).extracting(MigSlice::profileName).containsExactly("1g.5gb", "1g.5gb", "2g.10gb");
        // On a 40 GB A100, 1g.5gb is profile 19 and 2g.10gb profile 14.
        assertThat(gpu.slices()).extracting(MigSlice::profileId).containsExactly(19, 19, 14);
        assertThat(gpu.slices())
                .allSatisfy(slice ->
                        assertThat(slice.computeInstances()).as("no GPU_CI_ID").isEmpty());
        assertThat(gpu.slices())
                .extracting(MigSlice::memoryTotalMib)
                .containsExactly(98L + 4766, 4384L + 480, 153L + 9702);

        GpuReading whole = scrape.readings().get(gpu.uuid());
        assertThat(whole.utilizationPct()).isNaN(); // GPU_UTIL is not reported under MIG
        assertThat(whole.powerW()).isEqualTo(116.043f);
        assertThat(whole.gpuTempC()).isEqualTo(37f);
        assertThat(whole.memoryTempC()).isEqualTo(39f);
        assertThat(whole.smClockMhz()).isEqualTo(1410f);
        assertThat(whole.memoryUsedMib()).isEqualTo(98f + 4384 + 153);

        GpuReading busy = scrape.readings().get("MIG-GPU-7099682b-a20d-2bcc-74ab-b9060454d81e/9/0");
        assertThat(busy.smActivePct()).isCloseTo(99.9917f, within(1e-3f));
        assertThat(busy.memoryUsedMib()).isEqualTo(4384f);
        assertThat(busy.utilizationPct()).isNaN();
        GpuReading quiet = scrape.readings().get("MIG-GPU-7099682b-a20d-2bcc-74ab-b9060454d81e/7/0");
        assertThat(quiet.smActivePct()).isCloseTo(0.0062f, within(1e-4f));
    }

    /** Rows that differ only in GPU_CI_ID are one GPU instance's compute instances: one slice, its memory once. */
    @Test
    void computeInstanceRowsOfOneGpuInstanceAreOneSlice() throws Exception {
        String page;
        try (var in = DcgmScrapeTest.class.getResourceAsStream("a100-40gb__two-3g-each-split-in-two.prom")) {
            page = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        DcgmScrape scrape = scrape(page);

        Accelerator gpu = scrape.accelerators().getFirst();
        assertThat(gpu.slices()).extracting(MigSlice::gpuInstanceId).containsExactly(1, 2);
        assertThat(gpu.slices()).extracting(MigSlice::memoryTotalMib).containsExactly(5120L + 14835, 100L + 19855);
        assertThat(gpu.slices().stream().mapToLong(MigSlice::memoryTotalMib).sum())
                .isLessThanOrEqualTo(gpu.memoryTotalMib());
        assertThat(gpu.slices())
                .allSatisfy(slice -> assertThat(slice.computeInstances())
                        .extracting(c -> c.id())
                        .containsExactly(0, 1));
        assertThat(gpu.slices()).extracting(MigSlice::profileName).containsExactly("3g.20gb", "3g.20gb");
        assertThat(scrape.readings().get(gpu.uuid()).memoryUsedMib()).isEqualTo(5120f + 100);

        GpuReading split = scrape.readings().get(gpu.slices().getFirst().uuid());
        assertThat(split.memoryUsedMib()).isEqualTo(5120f);
        // 20 % and 60 % busy compute instances: the page does not say their sizes, so each counts equally.
        assertThat(split.smActivePct()).isCloseTo(40f, within(1e-3f));
        assertThat(scrape.readings().get(gpu.slices().getLast().uuid()).smActivePct())
                .isZero();
    }

    @Test
    void twoT4sOneOfThemBusy() {
        DcgmScrape scrape = scrape(Fixtures.read("dcgm-exporter/2x-t4__one-workload.prom"));

        assertThat(scrape.hostname()).isEqualTo("nvidia-dcgm-exporter-s228n");
        assertThat(scrape.accelerators())
                .extracting(Accelerator::uuid)
                .containsExactly(
                        "GPU-7a2e92f2-be71-d37e-a744-541600ffc722", "GPU-5f587dd4-6505-0873-c6db-8324dbfe5ba9");
        assertThat(scrape.accelerators()).extracting(Accelerator::index).containsExactly(0, 1);
        assertThat(scrape.accelerators())
                .extracting(Accelerator::memoryTotalMib)
                .containsExactly(128L + 14831, 5L + 14955);
        GpuReading first = scrape.readings().get("GPU-7a2e92f2-be71-d37e-a744-541600ffc722");
        assertThat(first.smClockMhz()).isEqualTo(585f);
        assertThat(first.gpuTempC()).isEqualTo(55f);
        assertThat(first.powerW()).isEqualTo(28.722f);
        assertThat(first.memoryUsedMib()).isEqualTo(128f);
        assertThat(first.utilizationPct()).isZero();
        assertThat(first.memoryTempC()).isNaN(); // the T4 exporter has no DCGM_FI_DEV_MEMORY_TEMP
        GpuReading second = scrape.readings().get("GPU-5f587dd4-6505-0873-c6db-8324dbfe5ba9");
        assertThat(second.powerW()).isEqualTo(17.035f);
        assertThat(second.gpuTempC()).isEqualTo(52f);
    }

    @Test
    void theIdleA100FileHoldsTwoScrapesSeparatedByARuleLine() {
        // The sample file is two scrapes one after the other, with a line of dashes between them:
        // that line is reported as not a sample, and every real line still counts.
        var parsed = PrometheusText.parse(Fixtures.read("dcgm-exporter/a100-40gb__mig-disabled-idle.prom"));
        assertThat(parsed.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.line()).isEqualTo(72));
        DcgmScrape scrape = DcgmScrape.of(parsed.samples(), 1000);
        assertThat(scrape.accelerators()).singleElement().satisfies(gpu -> {
            assertThat(gpu.migEnabled()).isFalse();
            assertThat(gpu.memoryTotalMib()).isEqualTo(40384);
        });
        GpuReading gpu = scrape.readings().get("GPU-7099682b-a20d-2bcc-74ab-b9060454d81e");
        assertThat(gpu.utilizationPct()).isZero();
        assertThat(gpu.smActivePct()).isZero();
        assertThat(gpu.powerW()).isEqualTo(45.999f);
        assertThat(gpu.gpuTempC()).isEqualTo(29f);
        assertThat(gpu.memoryTempC()).isEqualTo(28f);
        assertThat(gpu.smClockMhz()).isEqualTo(210f);
        assertThat(gpu.remappedRowFailures()).isZero();
    }

    // No fixture shows the DCGM 4.6 names, the lower-case hostname label or blank values; these
    // lines are written by hand in the exporter's shape.
    private static final String LABELS =
            "gpu=\"0\",UUID=\"GPU-1\",device=\"nvidia0\",modelName=\"NVIDIA H100 80GB HBM3\",hostname=\"node-7\"";

    @Test
    void dcgm46NamesAndTheLowerCaseHostnameLabel() {
        DcgmScrape scrape = scrape("""
                DCGM_FI_DEV_GPU_UTIL_RATIO{%1$s} 87
                DCGM_FI_DEV_GPU_TEMP_CELSIUS{%1$s} 61
                DCGM_FI_DEV_MEMORY_TEMP_CELSIUS{%1$s} 70
                DCGM_FI_DEV_BOARD_POWER_WATTS{%1$s} 512.5
                DCGM_FI_DEV_BOARD_POWER_LIMIT_ENFORCED_WATTS{%1$s} 700
                DCGM_FI_PROF_GR_ENGINE_UTIL_RATIO{%1$s} 0.85
                DCGM_FI_DEV_XID_ERROR{%1$s} 79
                DCGM_FI_DEV_ROW_REMAP_FAILED{%1$s} 1
                """.formatted(LABELS));
        assertThat(scrape.hostname()).isEqualTo("node-7");
        GpuReading gpu = scrape.readings().get("GPU-1");
        assertThat(gpu.utilizationPct()).isEqualTo(87f);
        assertThat(gpu.gpuTempC()).isEqualTo(61f);
        assertThat(gpu.memoryTempC()).isEqualTo(70f);
        assertThat(gpu.powerW()).isEqualTo(512.5f);
        assertThat(gpu.powerLimitW()).isEqualTo(700f);
        assertThat(gpu.smActivePct()).isCloseTo(85f, within(1e-3f));
        assertThat(gpu.lastXid()).isEqualTo(79);
        assertThat(gpu.remappedRowFailures()).isEqualTo(1);
    }

    @Test
    void blankValuesAreUnavailableNotHuge() {
        DcgmScrape scrape = scrape("""
                DCGM_FI_DEV_MEMORY_TEMP{%1$s} 9223372036854775792
                DCGM_FI_DEV_POWER_USAGE{%1$s} 9.223372036854776e+18
                DCGM_FI_DEV_GPU_TEMP{%1$s} 2147483632
                DCGM_FI_DEV_SM_CLOCK{%1$s} 1980
                """.formatted(LABELS));
        GpuReading gpu = scrape.readings().get("GPU-1");
        assertThat(gpu.memoryTempC()).isNaN();
        assertThat(gpu.powerW()).isNaN();
        assertThat(gpu.gpuTempC()).isNaN();
        assertThat(gpu.smClockMhz()).isEqualTo(1980f);
    }

    private static final String A100_MIG = "dcgm-exporter/a100-40gb__mig-2x1g.5gb-1x2g.10gb.prom";

    /** The fixture with its {@code n}th line (from 1) replaced by {@code f(line)}. */
    private static String withLine(String fixture, int n, java.util.function.UnaryOperator<String> f) {
        String[] lines = Fixtures.read(fixture).split("\n", -1);
        lines[n - 1] = f.apply(lines[n - 1]);
        return String.join("\n", lines);
    }

    @Test
    void aSkippedLineDoesNotReorderTheInstancesNorMoveTheGpuWideValues() {
        // Line 3 is instance 7's first line (its SM clock): broken, as a cut connection leaves it.
        var parsed = PrometheusText.parse(withLine(A100_MIG, 3, line -> line.replace("} 1410", "} 14x")));
        assertThat(parsed.problems()).extracting(PrometheusText.Problem::line).containsExactly(3);
        DcgmScrape broken = DcgmScrape.of(parsed.samples(), 1000);

        Accelerator gpu = broken.accelerators().getFirst();
        assertThat(gpu.slices()).extracting(MigSlice::gpuInstanceId).containsExactly(7, 9, 5); // the exporter's order
        GpuReading whole = broken.readings().get(gpu.uuid());
        assertThat(whole.powerW()).isEqualTo(116.043f); // still instance 7's copy of the GPU-wide values
        assertThat(whole.smClockMhz()).isEqualTo(1410f); // instance 9's copy, where 7's line was lost
    }

    @Test
    void aMixedCaseNanIsAValueNotAMalformedLine() {
        var parsed = PrometheusText.parse(withLine(A100_MIG, 3, line -> line.replace("} 1410", "} Nan")));
        assertThat(parsed.problems()).isEmpty();
        DcgmScrape scrape = DcgmScrape.of(parsed.samples(), 1000);
        Accelerator gpu = scrape.accelerators().getFirst();
        assertThat(gpu.slices()).extracting(MigSlice::gpuInstanceId).containsExactly(7, 9, 5);
        assertThat(scrape.readings().get(gpu.uuid()).powerW()).isEqualTo(116.043f);
        assertThat(scrape.readings().get(gpu.uuid()).smClockMhz()).isEqualTo(1410f);
    }

    @Test
    void oneInstanceWithUnknownMemoryUsedMakesTheGpusMemoryUsedUnknown() {
        // Line 49 is instance 9's FB_USED (4384).
        DcgmScrape scrape = scrape(withLine(A100_MIG, 49, line -> line.replace("} 4384", "} NaN")));
        Accelerator gpu = scrape.accelerators().getFirst();
        assertThat(scrape.readings().get("MIG-" + gpu.uuid() + "/9/0").memoryUsedMib())
                .isNaN();
        // Not 98 + 153: the unknown instance is not counted as 0.
        assertThat(scrape.readings().get(gpu.uuid()).memoryUsedMib()).isNaN();
    }
}

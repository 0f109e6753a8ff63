package io.headroom.agent.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.agent.Fixtures;
import io.headroom.agent.source.dcgm.PrometheusText;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Hall;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Site;
import io.headroom.core.fleet.Vendor;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One hand-made node written as dcgm-exporter would write it: a whole H100, an A100 in MIG
 * with two instances, and an L40S fallen off the bus.
 */
class DcgmExpositionTest {

    private static final long SAMPLED = 1_700_000_000_250L;
    private static final Pattern LABEL_KEY = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"");

    private FleetTelemetry table;
    private String text;

    @BeforeEach
    void writeOneNode() {
        var h100 = new Accelerator("GPU-aaaa", Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81559, 0, false, List.of());
        var a100 = new Accelerator(
                "GPU-bbbb",
                Vendor.NVIDIA,
                "NVIDIA A100-SXM4-80GB",
                81920,
                1,
                true,
                List.of(
                        new MigSlice("MIG-1", 2, 0, 9, "3g.40gb", 0, 4, 40192),
                        new MigSlice("MIG-2", 9, 0, 19, "1g.10gb", 4, 1, 9728)));
        var l40s = new Accelerator("GPU-cccc", Vendor.NVIDIA, "NVIDIA L40S", 46068, 2, false, List.of());
        var node = new Node(
                "gpu-h1-a01-n1",
                "S1",
                "H1-A01",
                1,
                4,
                "train",
                "t",
                SchedulerState.ALLOCATED,
                1,
                1000,
                List.of(h100, a100, l40s));
        var inventory = new Inventory(
                "test",
                1,
                List.of(new Site("s", "S")),
                List.of(new Hall("h", "s", "H")),
                List.of(new Rack("H1-A01", "h", "A", 1, 42, 40)),
                List.of(node));
        table = new FleetState(IdleThresholds.DEFAULTS).install(inventory);
        table.writeNode(0, SAMPLED, SchedulerState.ALLOCATED, 1);

        var s = new SampleBuffer();
        s.timeMillis = SAMPLED;
        s.utilizationPct = 87;
        s.smActivePct = 63.4f;
        s.memoryUsedMib = 40000;
        s.powerW = 312.47f;
        s.powerLimitW = 700;
        s.gpuTempC = 61;
        s.memoryTempC = 70;
        s.smClockMhz = 1980;
        s.throttleReasons = 4;
        table.writeAccelerator(0, s);

        s.clear();
        s.timeMillis = SAMPLED;
        s.smActivePct = 12.5f;
        s.memoryUsedMib = 20000;
        table.writeAccelerator(3, s); // the 3g.40gb instance
        s.smActivePct = 0;
        s.memoryUsedMib = 0;
        table.writeAccelerator(4, s); // the 1g.10gb instance
        s.smActivePct = 5.4f;
        s.memoryUsedMib = 20000;
        s.powerW = 150.5f;
        s.powerLimitW = 400;
        s.gpuTempC = 48;
        s.memoryTempC = 55;
        s.smClockMhz = 1410;
        s.eccUncorrectable = 2;
        table.writeAccelerator(1, s);

        s.clear();
        s.timeMillis = SAMPLED;
        s.missing = true;
        s.lastXid = 79;
        table.writeAccelerator(2, s);
        table.publish(5);

        var page = new ExpositionBuffer(64);
        DcgmExposition.write(table, new ExporterLabels(table.layout()), new int[] {0}, page);
        text = page.toString();
    }

    @Test
    void everyLineIsWellFormedExpositionText() {
        var parsed = PrometheusText.parse(text);
        assertThat(parsed.problems()).isEmpty();
        assertThat(text)
                .contains("# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n", "# TYPE DCGM_FI_DEV_ECC_DBE_VOL_TOTAL counter\n");
    }

    @Test
    void aWholeGpuHasOneRowPerFieldWithItsValues() {
        assertThat(text)
                .contains(
                        "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",UUID=\"GPU-aaaa\",device=\"nvidia0\",modelName=\"NVIDIA H100 80GB HBM3\","
                                + "Hostname=\"gpu-h1-a01-n1\",DCGM_FI_DRIVER_VERSION=\"" + ExporterLabels.DRIVER_VERSION
                                + "\"} 87\n");
        assertThat(value("DCGM_FI_DEV_POWER_USAGE", "GPU-aaaa", null)).isEqualTo(312.47f);
        assertThat(value("DCGM_FI_PROF_GR_ENGINE_ACTIVE", "GPU-aaaa", null)).isCloseTo(0.634f, within(1e-6f));
        assertThat(value("DCGM_FI_DEV_FB_USED", "GPU-aaaa", null)).isEqualTo(40000f);
        assertThat(value("DCGM_FI_DEV_FB_FREE", "GPU-aaaa", null)).isEqualTo(81559f - 40000f);
        assertThat(value("DCGM_FI_DEV_CLOCK_THROTTLE_REASONS", "GPU-aaaa", null))
                .isEqualTo(4f);
    }

    @Test
    void aMigGpuHasRowsPerInstanceOnlyWithItsGpuWideValuesRepeated() {
        List<PrometheusText.Sample> clocks = rows("DCGM_FI_DEV_SM_CLOCK", "GPU-bbbb");
        assertThat(clocks).extracting(r -> r.label("GPU_I_ID")).containsExactly("2", "9");
        assertThat(clocks).extracting(PrometheusText.Sample::value).containsOnly(1410.0);
        assertThat(clocks).extracting(r -> r.label("GPU_I_PROFILE")).containsExactly("3g.40gb", "1g.10gb");
        assertThat(value("DCGM_FI_PROF_GR_ENGINE_ACTIVE", "GPU-bbbb", "2")).isEqualTo(0.125f);
        assertThat(value("DCGM_FI_DEV_FB_USED", "GPU-bbbb", "2")).isEqualTo(20000f);
        assertThat(value("DCGM_FI_DEV_FB_FREE", "GPU-bbbb", "9")).isEqualTo(9728f);
        assertThat(value("DCGM_FI_DEV_ECC_DBE_VOL_TOTAL", "GPU-bbbb", "9")).isEqualTo(2f);
        assertThat(rows("DCGM_FI_DEV_GPU_UTIL", "GPU-bbbb"))
                .as("GPU_UTIL is not supported under MIG")
                .isEmpty();
    }

    @Test
    void migRowsCarryTheRealExportersLabelsInItsOrder() {
        String fixture = Fixtures.read("dcgm-exporter/a100-40gb__mig-2x1g.5gb-1x2g.10gb.prom");
        String fixtureRow = fixture.lines()
                .filter(l -> l.startsWith("DCGM_FI_DEV_SM_CLOCK{"))
                .findFirst()
                .orElseThrow();
        List<String> expected = new ArrayList<>(keys(fixtureRow));
        // Labels of a Kubernetes pod mapping, empty in the fixture; outside Kubernetes there are none.
        expected.removeAll(List.of("container", "namespace", "pod"));
        String ours = text.lines()
                .filter(l -> l.startsWith("DCGM_FI_DEV_SM_CLOCK{gpu=\"1\""))
                .findFirst()
                .orElseThrow();
        assertThat(keys(ours)).isEqualTo(expected);
    }

    @Test
    void aGpuFallenOffTheBusKeepsOnlyItsXid() {
        List<String> lines = text.lines().filter(l -> l.contains("GPU-cccc")).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).startsWith("DCGM_FI_DEV_XID_ERRORS{").endsWith("} 79");
    }

    @Test
    void unavailableValuesAreLeftOutNotZero() {
        table.writeAccelerator(0, sampleWithoutMemoryTemperature());
        var page = new ExpositionBuffer(64);
        DcgmExposition.write(table, new ExporterLabels(table.layout()), new int[] {0}, page);
        assertThat(page.toString()).doesNotContain("DCGM_FI_DEV_MEMORY_TEMP{gpu=\"0\"");
    }

    @Test
    void eachNodeCarriesTheSimulatorsSampleTime() {
        assertThat(text).contains("headroom_sim_sample_timestamp_seconds{Hostname=\"gpu-h1-a01-n1\"} 1700000000.250\n");
    }

    private static SampleBuffer sampleWithoutMemoryTemperature() {
        var s = new SampleBuffer();
        s.timeMillis = SAMPLED;
        s.utilizationPct = 10;
        s.gpuTempC = 40;
        return s;
    }

    private List<PrometheusText.Sample> rows(String metric, String uuid) {
        return PrometheusText.parse(text).samples().stream()
                .filter(r -> r.name().equals(metric) && uuid.equals(r.label("UUID")))
                .toList();
    }

    private float value(String metric, String uuid, String instance) {
        List<PrometheusText.Sample> rows = rows(metric, uuid).stream()
                .filter(r -> instance == null ? r.label("GPU_I_ID") == null : instance.equals(r.label("GPU_I_ID")))
                .toList();
        assertThat(rows).as(metric + " of " + uuid + " instance " + instance).hasSize(1);
        return (float) rows.getFirst().value();
    }

    private static List<String> keys(String row) {
        Matcher m = LABEL_KEY.matcher(row.substring(row.indexOf('{'), row.lastIndexOf('}')));
        List<String> keys = new ArrayList<>();
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }
}

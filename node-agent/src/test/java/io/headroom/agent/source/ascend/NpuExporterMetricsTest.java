package io.headroom.agent.source.ascend;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.Fixtures;
import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.ToolOutput;
import io.headroom.agent.source.dcgm.PrometheusText;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.DeviceHealth;
import io.headroom.core.fleet.Vendor;
import org.junit.jupiter.api.Test;

/** npu-exporter's {@code /metrics} for eight 910s (values 0, samples with timestamps), read off the capture. */
class NpuExporterMetricsTest {

    static final String EIGHT = "domestic/ascend/npu-exporter__metrics__910Awn.txt";
    static final String NONE = "domestic/ascend/npu-exporter__metrics__no-npu.txt";

    @Test
    void eightChipsKeyedById() {
        PrometheusText.Parsed text = PrometheusText.parse(Fixtures.read(EIGHT));
        assertThat(text.problems()).isEmpty();
        ToolOutput chips = NpuExporterMetrics.of(text.samples(), 5L);

        assertThat(chips.problems()).isEmpty();
        assertThat(chips.faults()).isEmpty(); // health_status 1 on every chip
        assertThat(chips.accelerators()).hasSize(8);
        Accelerator id3 = chips.accelerators().get(3);
        // pcie_bus_info is empty in this release: keyed by id.
        assertThat(id3.uuid()).isEqualTo("ASCEND-id3");
        assertThat(id3.index()).isEqualTo(3);
        assertThat(id3.vendor()).isEqualTo(Vendor.HUAWEI);
        assertThat(id3.model()).isEqualTo("Huawei Ascend 910Awn");
        assertThat(id3.memoryTotalMib()).isZero(); // hbm_total_memory and total_memory 0: not reported
        GpuReading r = chips.readings().get("ASCEND-id3");
        assertThat(r.timeMillis()).isEqualTo(5L); // the scrape's time, not the sample's 1606402000
        assertThat(r.utilizationPct()).isZero();
        assertThat(r.powerW()).isZero();
        assertThat(r.gpuTempC()).isZero();
        assertThat(r.smClockMhz()).isZero();
        assertThat(r.memoryUsedMib()).isNaN();
        assertThat(r.powerLimitW()).isNaN();
    }

    @Test
    void otherLabelsAVdieAndAnUnhealthyChip() {
        String page = """
                npu_chip_info_health_status{id="1",vdie_id="0",pcie_bus_info="0000:C1:00.0",model_name="Ascend910B3"} 0
                npu_chip_info_error_code{id="1",vdie_id="0",pcie_bus_info="0000:C1:00.0"} 80E18005
                npu_chip_info_hbm_total_memory{id="1",vdie_id="0"} 65536
                npu_chip_info_hbm_used_memory{id="1",vdie_id="0"} 3072
                npu_chip_info_utilization{id="1",vdie_id="0"} 42
                npu_chip_info_power{id="1"} 103.5
                npu_chip_info_temperature{model_name="x"} 39
                """;
        PrometheusText.Parsed text = PrometheusText.parse(page);
        assertThat(text.problems())
                .singleElement()
                .extracting(PrometheusText.Problem::line)
                .isEqualTo(2);
        ToolOutput chips = NpuExporterMetrics.of(text.samples(), 1L);
        assertThat(chips.problems())
                .singleElement()
                .asString()
                .isEqualTo("line 7: npu_chip_info_temperature has no id label, so no chip to put it on");
        // id 1 with vdie 0, and id 1 without: two keys, the second only its power.
        assertThat(chips.accelerators())
                .extracting(Accelerator::uuid)
                .containsExactly("ASCEND-pci-0000:c1:00.0", "ASCEND-id1");
        assertThat(chips.faults()).containsEntry("ASCEND-pci-0000:c1:00.0", "unhealthy");
        assertThat(chips.readings().get("ASCEND-pci-0000:c1:00.0").health()).isEqualTo(DeviceHealth.ALARM);
        // Only its power is known: no health stated, which is unknown, not OK.
        assertThat(chips.readings().get("ASCEND-id1").health()).isEqualTo(DeviceHealth.UNKNOWN);
        GpuReading r = chips.readings().get("ASCEND-pci-0000:c1:00.0");
        assertThat(r.memoryUsedMib()).isEqualTo(3072f);
        assertThat(r.utilizationPct()).isEqualTo(42f);
        assertThat(r.powerW()).isNaN();
        assertThat(chips.accelerators().getFirst().memoryTotalMib()).isEqualTo(65536);
        assertThat(chips.accelerators().getFirst().model()).isEqualTo("Huawei Ascend 910B3");
    }

    @Test
    void noNpuIsNoChip() {
        PrometheusText.Parsed text = PrometheusText.parse(Fixtures.read(NONE));
        assertThat(text.problems()).isEmpty();
        assertThat(NpuExporterMetrics.of(text.samples(), 1L).accelerators()).isEmpty();
    }
}

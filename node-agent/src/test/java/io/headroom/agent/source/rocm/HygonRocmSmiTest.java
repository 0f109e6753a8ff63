package io.headroom.agent.source.rocm;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.Fixtures;
import io.headroom.agent.source.GpuReading;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Vendor;
import org.junit.jupiter.api.Test;

/** Hygon's rocm-smi --json (constructed: DCU key names, Hygon's vendor string) read by the same reader as AMD's. */
class HygonRocmSmiTest {

    @Test
    void dcusAreHygonsWithTheirKeyNames() {
        RocmSmiOutput out = RocmSmiOutput.parse(Fixtures.read("domestic/hygon/rocm-smi__dcu__constructed.json"), 2L);
        assertThat(out.problems()).isEmpty();
        assertThat(out.accelerators())
                .extracting(Accelerator::uuid)
                .containsExactly("HYGON-0x3b0a7f1c2d4e5f60", "HYGON-pci-0000:1B:00.0");
        Accelerator dcu0 = out.accelerators().getFirst();
        assertThat(dcu0.vendor()).isEqualTo(Vendor.HYGON);
        assertThat(dcu0.model()).isEqualTo("Hygon DCU Z100L");
        assertThat(dcu0.memoryTotalMib()).isEqualTo(32752);
        GpuReading r0 = out.readings().get(dcu0.uuid());
        assertThat(r0.utilizationPct()).isEqualTo(17f);
        assertThat(r0.memoryUsedMib()).isEqualTo(1024f);
        assertThat(r0.powerW()).isEqualTo(53f);
        assertThat(r0.powerLimitW()).isEqualTo(300f);
        assertThat(r0.gpuTempC()).isEqualTo(46f);
        assertThat(r0.smClockMhz()).isEqualTo(1319f);
        GpuReading r1 = out.readings().get("HYGON-pci-0000:1B:00.0");
        assertThat(r1.powerW()).isNaN();
        assertThat(r1.gpuTempC()).isEqualTo(41f);
    }

    @Test
    void amdCardsStayAmds() {
        RocmSmiOutput out = RocmSmiOutput.parse(Fixtures.read("amd-rocm-smi/mi100_rocm602.json"), 2L);
        assertThat(out.accelerators()).extracting(Accelerator::vendor).containsOnly(Vendor.AMD);
    }
}

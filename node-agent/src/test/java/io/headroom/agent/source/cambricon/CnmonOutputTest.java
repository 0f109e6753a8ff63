package io.headroom.agent.source.cambricon;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.Fixtures;
import io.headroom.agent.source.GpuReading;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.IntegerReading;
import io.headroom.core.fleet.Vendor;
import org.junit.jupiter.api.Test;

/** cnmon v5.10.13 with two MLU370-X8 cards; every value asserted is read off the capture. */
class CnmonOutputTest {

    static final String CAPTURE = "domestic/cambricon/cnmon__mlu370-x8__v5.10.13.txt";

    @Test
    void twoCards() {
        var parsed = CnmonOutput.parse(Fixtures.read(CAPTURE), 9L);
        assertThat(parsed.output().problems()).isEmpty();
        assertThat(parsed.output().faults()).isEmpty();
        assertThat(parsed.processes()).isEmpty(); // "No running processes found"
        assertThat(parsed.output().accelerators()).hasSize(2);
        Accelerator card0 = parsed.output().accelerators().getFirst();
        assertThat(card0.uuid()).isEqualTo("CAMBRICON-pci-0000:39:00.0");
        assertThat(card0.vendor()).isEqualTo(Vendor.CAMBRICON);
        assertThat(card0.model()).isEqualTo("Cambricon MLU370-X8");
        assertThat(card0.memoryTotalMib()).isEqualTo(23374);
        assertThat(card0.index()).isZero();
        GpuReading r0 = parsed.output().readings().get(card0.uuid());
        assertThat(r0.timeMillis()).isEqualTo(9L);
        assertThat(r0.utilizationPct()).isZero();
        assertThat(r0.gpuTempC()).isEqualTo(32f);
        assertThat(r0.powerW()).isEqualTo(106f);
        assertThat(r0.powerLimitW()).isEqualTo(250f);
        assertThat(r0.memoryUsedMib()).isZero();
        // Ecc-Error N/A: unmeasured, not 0 errors.
        assertThat(r0.unmeasured() & IntegerReading.ECC_UNCORRECTABLE.bit()).isNotZero();
        assertThat(r0.smClockMhz()).isNaN();
        Accelerator card1 = parsed.output().accelerators().get(1);
        assertThat(card1.uuid()).isEqualTo("CAMBRICON-pci-0000:3d:00.0");
        assertThat(card1.index()).isEqualTo(1);
        assertThat(parsed.output().readings().get(card1.uuid()).gpuTempC()).isEqualTo(39f);
    }

    @Test
    void eccErrorsAreAFaultAndProcessesAreRead() {
        String text = Fixtures.read(CAPTURE)
                .replace("| 0%                N/A |\n|  0%   39C", "| 12%                 2 |\n|  0%   39C")
                .replace(
                        "|  No running processes found                                                  |",
                        "|  1     /   40321   python train.py --epochs 3                     1024 MiB |");
        var parsed = CnmonOutput.parse(text, 1L);
        assertThat(parsed.output().problems()).isEmpty();
        String card1 = "CAMBRICON-pci-0000:3d:00.0";
        GpuReading r1 = parsed.output().readings().get(card1);
        assertThat(r1.eccUncorrectable()).isEqualTo(2);
        assertThat(r1.unmeasured() & IntegerReading.ECC_UNCORRECTABLE.bit()).isZero();
        assertThat(r1.utilizationPct()).isEqualTo(12f);
        assertThat(parsed.output().faults()).containsExactly(java.util.Map.entry(card1, "ECC errors 2"));
        assertThat(parsed.processes())
                .containsExactly(new CnmonOutput.CardProcess(1, 40321, "python train.py --epochs 3", 1024f));
    }

    @Test
    void aCutRecordIsNamed() {
        String text = Fixtures.read(CAPTURE)
                .replace("|  0%   39C        106 W/ 250 W |     0 MiB/ 23374 MiB | N/A           Default |\n", "");
        var parsed = CnmonOutput.parse(text, 1L);
        assertThat(parsed.output().accelerators()).hasSize(1);
        assertThat(parsed.output().problems())
                .singleElement()
                .asString()
                .startsWith("line 10 '| 1     /   MLU370-X8    v1.1.6 |")
                .endsWith("the record ends after 1 of its 2 lines");
    }
}

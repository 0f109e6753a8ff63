package io.headroom.agent.source.kunlunxin;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.Fixtures;
import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.ToolOutput;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Vendor;
import org.junit.jupiter.api.Test;

/** xpu_smi of runtime 4.31 with two R300 cards (a capture), and R200 virtual functions (constructed). */
class XpuSmiOutputTest {

    static final String CAPTURE = "domestic/kunlunxin/xpu_smi__r300__runtime-4.31.txt";

    @Test
    void twoR300s() {
        ToolOutput out = XpuSmiOutput.parse(Fixtures.read(CAPTURE), 4L);
        assertThat(out.problems()).isEmpty();
        assertThat(out.accelerators()).hasSize(2);
        Accelerator xpu0 = out.accelerators().getFirst();
        assertThat(xpu0.uuid()).isEqualTo("KUNLUNXIN-pci-0000:53:00.0");
        assertThat(xpu0.vendor()).isEqualTo(Vendor.KUNLUNXIN);
        assertThat(xpu0.model()).isEqualTo("Kunlunxin R300");
        assertThat(xpu0.memoryTotalMib()).isEqualTo(32768);
        assertThat(xpu0.migEnabled()).isFalse();
        GpuReading r0 = out.readings().get(xpu0.uuid());
        assertThat(r0.timeMillis()).isEqualTo(4L);
        assertThat(r0.utilizationPct()).isZero();
        assertThat(r0.memoryUsedMib()).isZero();
        // This release prints no temperature or power.
        assertThat(r0.gpuTempC()).isNaN();
        assertThat(r0.powerW()).isNaN();
        assertThat(out.accelerators().get(1).uuid()).isEqualTo("KUNLUNXIN-pci-0000:56:00.0");
        assertThat(out.accelerators().get(1).index()).isEqualTo(1);
    }

    @Test
    void virtualFunctionsAreSlicesOfTheirCard() {
        String text = """
                -----------------------------------------------------------------------------------------------------
                | DevID |   PCI Addr   |    Model    |   SN   |  Temp  |  Power  | UseRate |    Memory    |
                -----------------------------------------------------------------------------------------------------
                |     0 | 0000:17:00.0 | R200        | 02Kxxx |   41 C |  65 W   |    30 % | 1024 / 16384 MB |
                |     1 | 0000:17:00.1 | R200-VF-0   | 02Kxxx |   41 C |  N/A    |    10 % | 512 / 8192 MB |
                |     2 | 0000:17:00.2 | R200-VF-1   | 02Kxxx |   41 C |  N/A    |    20 % | 512 / 8192 MB |
                |     3 | 0000:18:00.0 | R200        | 02Kxxx |   38 C |  60 W   |     0 % | 0 / 16384 MB |
                -----------------------------------------------------------------------------------------------------
                """;
        ToolOutput out = XpuSmiOutput.parse(text, 1L);
        assertThat(out.problems()).isEmpty();
        assertThat(out.accelerators())
                .extracting(Accelerator::uuid)
                .containsExactly("KUNLUNXIN-pci-0000:17:00.0", "KUNLUNXIN-pci-0000:18:00.0");
        Accelerator card = out.accelerators().getFirst();
        assertThat(card.migEnabled()).isTrue();
        assertThat(card.slices())
                .extracting(MigSlice::uuid)
                .containsExactly("KUNLUNXIN-pci-0000:17:00.1", "KUNLUNXIN-pci-0000:17:00.2");
        MigSlice vf0 = card.slices().getFirst();
        assertThat(vf0.profileName()).isEqualTo("VF");
        assertThat(vf0.gpuInstanceId()).isEqualTo(1);
        assertThat(vf0.memoryTotalMib()).isEqualTo(8192);
        assertThat(vf0.placementKnown()).isFalse();
        assertThat(out.readings().get(vf0.uuid()).utilizationPct()).isEqualTo(10f);
        assertThat(out.readings().get(vf0.uuid()).powerW()).isNaN();
        GpuReading cardReading = out.readings().get(card.uuid());
        assertThat(cardReading.gpuTempC()).isEqualTo(41f);
        assertThat(cardReading.powerW()).isEqualTo(65f);
        assertThat(cardReading.memoryUsedMib()).isEqualTo(1024f);
        assertThat(out.accelerators().get(1).slices()).isEmpty();
    }

    @Test
    void virtualFunctionsWithoutTheirCardAreAcceleratorsOfTheirOwn() {
        String text = """
                ---------------------------------------------------------------
                | DevID |   PCI Addr   |    Model    | UseRate |    Memory    |
                ---------------------------------------------------------------
                |     0 | 0000:05:00.0 | R200-VF-3   |    10 % | 512 / 8192 MB |
                ---------------------------------------------------------------
                """;
        ToolOutput out = XpuSmiOutput.parse(text, 1L);
        assertThat(out.problems()).isEmpty();
        assertThat(out.accelerators()).singleElement().satisfies(a -> {
            assertThat(a.model()).isEqualTo("Kunlunxin R200-VF-3");
            assertThat(a.slices()).isEmpty();
            assertThat(a.memoryTotalMib()).isEqualTo(8192);
        });
    }

    @Test
    void aBadRowIsNamed() {
        String text = Fixtures.read(CAPTURE)
                .replace(
                        "|     1 | 0000:56:00.0 | R300  | 02Kxxx | /dev/xpu1  |     0 % |",
                        "|     1 | 0000:56:00.0 | R300  | 02Kxxx | /dev/xpu1  |  busy % |");
        ToolOutput out = XpuSmiOutput.parse(text, 1L);
        assertThat(out.accelerators()).hasSize(1);
        assertThat(out.problems())
                .singleElement()
                .asString()
                .startsWith("line 8 '|     1 | 0000:56:00.0")
                .endsWith("UseRate is 'busy %', not a number");
    }
}

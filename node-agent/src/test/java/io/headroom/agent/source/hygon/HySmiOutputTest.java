package io.headroom.agent.source.hygon;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.Fixtures;
import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.ToolOutput;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Vendor;
import org.junit.jupiter.api.Test;

/** hy-smi's newer HCU header (a capture) and older DCU header (constructed from the known format). */
class HySmiOutputTest {

    @Test
    void eightHcusUnderTheNewerHeader() {
        ToolOutput out = HySmiOutput.parse(Fixtures.read("domestic/hygon/hy-smi__hcu-8.txt"), 3L);
        assertThat(out.problems()).isEmpty();
        assertThat(out.accelerators()).hasSize(8);
        Accelerator hcu0 = out.accelerators().getFirst();
        assertThat(hcu0.uuid()).isEqualTo("HYGON-hcu0");
        assertThat(hcu0.vendor()).isEqualTo(Vendor.HYGON);
        assertThat(hcu0.model()).isEqualTo("Hygon HCU");
        assertThat(hcu0.memoryTotalMib()).isZero(); // hy-smi prints VRAM% only: the total is unknown
        GpuReading r0 = out.readings().get("HYGON-hcu0");
        assertThat(r0.timeMillis()).isEqualTo(3L);
        assertThat(r0.gpuTempC()).isEqualTo(51f);
        assertThat(r0.powerW()).isEqualTo(95f);
        assertThat(r0.powerLimitW()).isEqualTo(1000f);
        assertThat(r0.utilizationPct()).isZero();
        assertThat(r0.memoryUsedMib()).isNaN();
        assertThat(r0.smClockMhz()).isNaN();
        GpuReading r7 = out.readings().get("HYGON-hcu7");
        assertThat(r7.gpuTempC()).isEqualTo(53f);
        assertThat(r7.powerW()).isEqualTo(82f);
        assertThat(out.readings().get("HYGON-hcu3").gpuTempC()).isEqualTo(49f);
    }

    @Test
    void twoDcusUnderTheOlderHeader() {
        ToolOutput out = HySmiOutput.parse(Fixtures.read("domestic/hygon/hy-smi__dcu-2__constructed.txt"), 3L);
        assertThat(out.problems()).isEmpty();
        assertThat(out.accelerators()).extracting(Accelerator::uuid).containsExactly("HYGON-dcu0", "HYGON-dcu1");
        assertThat(out.accelerators().getFirst().model()).isEqualTo("Hygon DCU");
        GpuReading r0 = out.readings().get("HYGON-dcu0");
        assertThat(r0.utilizationPct()).isEqualTo(97f);
        assertThat(r0.powerW()).isEqualTo(148f);
        assertThat(r0.powerLimitW()).isEqualTo(300f);
        assertThat(r0.gpuTempC()).isEqualTo(49f);
    }

    @Test
    void aShortLineAndABadNumberAreNamed() {
        String text = """
                HCU     Temp     AvgPwr     Perf     PwrCap     VRAM%      HCU%      Dec%      Enc%      Mode
                0       51.0C    95.0W      auto
                1       hot      90.0W      auto     1000.0W    0%         0.0%      0.0%      0.0%      Normal
                2       50.0C    90.0W      auto     1000.0W    0%         12.5%     0.0%      0.0%      Normal
                =================================================================================
                """;
        ToolOutput out = HySmiOutput.parse(text, 1L);
        assertThat(out.problems())
                .containsExactly(
                        "line 2 '0       51.0C    95.0W      auto': 10 columns under the header, found 4",
                        "line 3 '1       hot      90.0W      auto     1000.0W    0%         0.0%      0.0%      0.0%      Normal': Temp is 'hot', not a number");
        assertThat(out.accelerators()).extracting(Accelerator::uuid).containsExactly("HYGON-hcu2");
        assertThat(out.readings().get("HYGON-hcu2").utilizationPct()).isEqualTo(12.5f);
    }

    @Test
    void aCutRunIsSaid() {
        String text = Fixtures.read("domestic/hygon/hy-smi__hcu-8.txt");
        ToolOutput out = HySmiOutput.parse(text.substring(0, text.indexOf("5       53.0C")), 1L);
        assertThat(out.accelerators()).hasSize(5);
        assertThat(out.problems())
                .singleElement()
                .asString()
                .isEqualTo(
                        "line 8 '4       52.0C    90.0W      auto     1000.0W    0%         0.0%      0.0%      0.0%      Normal': "
                                + "the table ends here without its closing rule: the output was cut short");
    }

    @Test
    void noHeaderIsSaid() {
        ToolOutput out = HySmiOutput.parse("hy-smi: error while loading shared libraries\n", 1L);
        assertThat(out.accelerators()).isEmpty();
        assertThat(out.problems()).last().asString().startsWith("no header line");
    }
}

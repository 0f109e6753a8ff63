package io.headroom.agent.source.rocm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.agent.Fixtures;
import io.headroom.agent.source.GpuReading;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Vendor;
import org.junit.jupiter.api.Test;

/** {@code rocm-smi --json} from four MI100s on ROCm 6.0.2; expected values read off the file by hand. */
class RocmSmiOutputTest {

    private static final String FIXTURE = "amd-rocm-smi/mi100_rocm602.json";

    @Test
    void fourMi100s() {
        RocmSmiOutput output = RocmSmiOutput.parse(Fixtures.read(FIXTURE), 1000);

        assertThat(output.problems()).isEmpty();
        assertThat(output.accelerators())
                .extracting(Accelerator::uuid)
                .containsExactly(
                        "AMD-0x79ccd55167a2124a",
                        "AMD-0x4edfb117a17a07d",
                        "AMD-0xd4a9ec48d03d261d",
                        "AMD-0x1b9dd972253c3736");
        assertThat(output.accelerators()).extracting(Accelerator::index).containsExactly(0, 1, 2, 3);
        Accelerator first = output.accelerators().getFirst();
        assertThat(first.vendor()).isEqualTo(Vendor.AMD);
        assertThat(first.model()).isEqualTo("AMD Instinct MI100");
        assertThat(first.memoryTotalMib()).isEqualTo(34342961152L / (1024 * 1024));
        assertThat(first.migEnabled()).isFalse();

        GpuReading card0 = output.readings().get("AMD-0x79ccd55167a2124a");
        assertThat(card0.utilizationPct()).isZero();
        assertThat(card0.powerW()).isEqualTo(36f);
        assertThat(card0.powerLimitW()).isEqualTo(290f);
        assertThat(card0.gpuTempC()).isEqualTo(55f); // junction
        assertThat(card0.memoryTempC()).isEqualTo(53f);
        assertThat(card0.smClockMhz()).isEqualTo(300f); // "(300Mhz)"
        assertThat(card0.memoryUsedMib()).isCloseTo(6750208f / (1024 * 1024), within(1e-3f));

        GpuReading card1 = output.readings().get("AMD-0x4edfb117a17a07d");
        assertThat(card1.powerW()).isEqualTo(44f);
        assertThat(card1.gpuTempC()).isEqualTo(58f);
        assertThat(card1.memoryTempC()).isEqualTo(54f);
    }

    @Test
    void aTruncatedDocumentKeepsTheCardsBeforeTheCutAndSaysWhere() {
        String full = Fixtures.read(FIXTURE);
        String cut = full.substring(0, full.indexOf("\"card2\"") + 200);

        RocmSmiOutput output = RocmSmiOutput.parse(cut, 1000);

        assertThat(output.accelerators())
                .extracting(Accelerator::uuid)
                .containsExactly("AMD-0x79ccd55167a2124a", "AMD-0x4edfb117a17a07d");
        assertThat(output.problems())
                .singleElement()
                .asString()
                .startsWith("not valid JSON at line ")
                .contains("(the 2 cards before it are kept)");
    }

    @Test
    void aValueThatIsNotANumberIsReportedAndUnavailable() {
        String broken = Fixtures.read(FIXTURE).replaceFirst("\"GPU use \\(%\\)\": \"0\"", "\"GPU use (%)\": \"busy\"");

        RocmSmiOutput output = RocmSmiOutput.parse(broken, 1000);

        assertThat(output.problems()).containsExactly("card0: 'GPU use (%)' is 'busy', not a number");
        assertThat(output.readings().get("AMD-0x79ccd55167a2124a").utilizationPct())
                .isNaN();
        assertThat(output.readings().get("AMD-0x4edfb117a17a07d").utilizationPct())
                .isZero();
    }
}

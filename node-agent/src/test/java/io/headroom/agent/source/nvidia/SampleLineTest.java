package io.headroom.agent.source.nvidia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.agent.Fixtures;
import io.headroom.core.fleet.SampleBuffer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Lines of --query-gpu as the captured drivers printed them. The captures were taken with
 * {@code --format=csv} (units in the values), so these lines also prove units are tolerated.
 * Expected values are read off the capture files by hand.
 */
class SampleLineTest {

    private static final String H100 = "nvidia-smi/capture__h100-80gb-hbm3__590.48.01.txt";
    private static final String H100_MIG = "nvidia-smi/capture__h100-mig__590.48.01.txt";
    private static final String L40S = "nvidia-smi/capture__l40s__595.80.txt";

    /** The fields this driver offers, as the source would choose them from the capture's --help-query-gpu. */
    static QueryFields fieldsOf(String capture) {
        return QueryFields.choose(
                String.join("\n", Fixtures.captureSection(capture, "nvidia-smi --help-query-gpu", 0)));
    }

    /** The line the running query would print for the captured row, in the source's field order. */
    static String lineOf(QueryFields fields, Map<String, String> row) {
        return fields.names().stream().map(row::get).collect(Collectors.joining(", "));
    }

    private static SampleBuffer parse(String capture, int occurrence) throws Exception {
        QueryFields fields = fieldsOf(capture);
        var sample = new SampleBuffer();
        SampleLine line = SampleLine.parse(fields, lineOf(fields, Fixtures.queryGpuRow(capture, occurrence)), sample);
        assertThat(line.index()).isZero();
        assertThat(line.uuid()).isEqualTo("GPU-00000000-0000-0000-0000-000000000000");
        return sample;
    }

    @Test
    void theDriverOffersEveryFieldTheDesignNames() {
        assertThat(fieldsOf(H100).names())
                .containsExactly(
                        "index",
                        "uuid",
                        "utilization.gpu",
                        "memory.used",
                        "power.draw",
                        "power.limit",
                        "temperature.gpu",
                        "clocks.current.sm",
                        "clocks_event_reasons.active",
                        "temperature.memory",
                        "ecc.errors.uncorrected.volatile.total",
                        "retired_pages.double_bit.count",
                        "remapped_rows.failure");
    }

    @Test
    void anOlderDriverGetsThrottleReasonsInstead() {
        QueryFields fields = QueryFields.choose("\"index\"\n\"clocks_throttle_reasons.active\"\n");
        assertThat(fields.names())
                .contains("clocks_throttle_reasons.active")
                .doesNotContain("clocks_event_reasons.active", "temperature.memory");
    }

    @Test
    void anH100UnderLoad() throws Exception {
        SampleBuffer s = parse(H100, 1);
        assertThat(s.utilizationPct).isEqualTo(100f);
        assertThat(s.memoryUsedMib).isEqualTo(19818f);
        assertThat(s.powerW).isEqualTo(631.95f);
        assertThat(s.powerLimitW).isEqualTo(700f);
        assertThat(s.gpuTempC).isEqualTo(59f);
        assertThat(s.memoryTempC).isEqualTo(54f);
        assertThat(s.smClockMhz).isEqualTo(1980f);
        assertThat(s.throttleReasons).isZero();
        assertThat(s.eccUncorrectable).isZero();
        assertThat(s.remappedRowFailures).isZero();
        assertThat(s.missing).isFalse();
    }

    @Test
    void anIdleH100ReportsItsIdleClockReason() throws Exception {
        SampleBuffer s = parse(H100, 0);
        assertThat(s.utilizationPct).isZero();
        assertThat(s.powerW).isEqualTo(69.85f);
        assertThat(s.throttleReasons).isEqualTo(0x1L); // clocks_event_reasons.gpu_idle
    }

    @Test
    void underMigUtilizationIsUnavailableNotZero() throws Exception {
        SampleBuffer s = parse(H100_MIG, 1);
        assertThat(s.utilizationPct).isNaN();
        assertThat(s.memoryUsedMib).isEqualTo(11125f);
        assertThat(s.powerW).isEqualTo(433.78f);
        assertThat(s.gpuTempC).isEqualTo(53f);
        assertThat(s.memoryTempC).isEqualTo(59f);
        // remapped_rows.failure is [N/A] under MIG: unmeasured, not "no failure".
        assertThat(s.isMeasured(io.headroom.core.fleet.IntegerReading.REMAPPED_ROW_FAILURES))
                .isFalse();
        // The volatile ECC count is 0 and measured; retired_pages.double_bit.count is [N/A] on Hopper.
        assertThat(s.isMeasured(io.headroom.core.fleet.IntegerReading.ECC_UNCORRECTABLE))
                .isTrue();
        assertThat(s.eccUncorrectable).isZero();
        assertThat(s.isMeasured(io.headroom.core.fleet.IntegerReading.THROTTLE_REASONS))
                .isTrue();
        assertThat(s.missing).isFalse();
    }

    @Test
    void anL40sHasNoMemoryTemperature() throws Exception {
        SampleBuffer s = parse(L40S, 1);
        assertThat(s.utilizationPct).isEqualTo(9f);
        assertThat(s.memoryUsedMib).isEqualTo(1235f);
        assertThat(s.powerW).isEqualTo(110.23f);
        assertThat(s.powerLimitW).isEqualTo(350f);
        assertThat(s.gpuTempC).isEqualTo(54f);
        assertThat(s.memoryTempC).isNaN(); // printed as N/A, without brackets
        assertThat(s.smClockMhz).isEqualTo(2520f);
    }

    @Test
    void valuesWithoutUnitsAsTheRunningQueryPrintsThem() throws Exception {
        QueryFields fields = new QueryFields(List.of(
                "index",
                "uuid",
                "utilization.gpu",
                "memory.used",
                "power.draw",
                "power.limit",
                "temperature.gpu",
                "clocks.current.sm",
                "clocks_event_reasons.active"));
        var s = new SampleBuffer();
        SampleLine.parse(fields, "3, GPU-abc, 87, 40123, 612.50, 700.00, 71, 1755, 0x0000000000000004", s);
        assertThat(s.utilizationPct).isEqualTo(87f);
        assertThat(s.powerW).isEqualTo(612.5f);
        assertThat(s.throttleReasons).isEqualTo(4L);
    }

    @Test
    void aGarbageLineIsRefusedWithTheReason() {
        QueryFields fields = fieldsOf(H100);
        assertThatThrownBy(() -> SampleLine.parse(
                        fields,
                        "Unable to determine the device handle for GPU0000:41:00.0: Unknown Error",
                        new SampleBuffer()))
                .isInstanceOf(SampleLine.Malformed.class)
                .hasMessageStartingWith("expected 13 comma-separated values");
        String[] values = lineOf(fields, Fixtures.queryGpuRow(H100, 1)).split(", ");
        values[4] = "lots";
        assertThatThrownBy(() -> SampleLine.parse(fields, String.join(", ", values), new SampleBuffer()))
                .hasMessage("power.draw: 'lots' is not a number");
    }
}

package io.headroom.bench.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class FreshnessFiguresTest {

    @Test
    void gpusWithoutAValueCountAsOlderThanAnythingMeasured() {
        Histogram ages = FreshnessFigures.histogram();
        FreshnessFigures.record(ages, 500, 97);
        FreshnessFigures figures = FreshnessFigures.of(ages, 3, 1);

        assertThat(figures.p50Millis()).isBetween(499L, 501L);
        assertThat(figures.p99Millis()).isGreaterThanOrEqualTo(FreshnessFigures.NO_VALUE_MILLIS);
        assertThat(figures.missingShare()).isEqualTo(0.03);
        assertThat(figures.describe()).isEqualTo("0.50 / 0.50 / none / none s");
        assertThat(figures.describePresent()).as("apart from the missing ones").isEqualTo("0.50 / 0.50 s");
    }

    @Test
    void everyGpuOfANodeCountsOnceAndAgesBelowZeroAreZero() {
        Histogram ages = FreshnessFigures.histogram();
        FreshnessFigures.record(ages, 1_000, 8);
        FreshnessFigures.record(ages, -20, 8);
        FreshnessFigures figures = FreshnessFigures.of(ages, 0, 2);

        assertThat(figures.readings()).isEqualTo(16);
        assertThat(figures.p50Millis()).isZero();
        assertThat(figures.maxMillis()).isBetween(999L, 1_001L);
    }

    @Test
    void noProbeMeansNoFigure() {
        assertThat(FreshnessFigures.of(FreshnessFigures.histogram(), 0, 0).describe())
                .isEqualTo("- / - / - / - s");
    }
}

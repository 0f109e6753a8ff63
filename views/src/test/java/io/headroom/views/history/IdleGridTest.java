package io.headroom.views.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdleGridTest {

    private static final Instant FROM = Instant.parse("2026-03-02T00:00:00Z");

    @Test
    void cellsLandInTheirGroupsRowAndHoursColumnAndGapsStayEmpty() {
        IdleGrid grid = IdleGrid.of(
                Grouping.RACK,
                FROM,
                24,
                List.of(
                        new IdleHour("h1-a10", FROM.plusSeconds(3 * 3600), 0.5, 0.1, 32),
                        new IdleHour("h1-a9", FROM.plusSeconds(23 * 3600), 1.0, 0, 32),
                        new IdleHour("h1-a9", FROM.plusSeconds(24 * 3600), 0.2, 0, 32), // past the range
                        new IdleHour("h1-a9", FROM.minusSeconds(3600), 0.2, 0, 32)));

        assertThat(grid.groups()).as("numbers in names sort as numbers").containsExactly("h1-a9", "h1-a10");
        assertThat(grid.idle(1, 3)).isEqualTo(0.5);
        assertThat(grid.held(1, 3)).isEqualTo(0.1);
        assertThat(grid.gpus(1, 3)).isEqualTo(32);
        assertThat(grid.idle(0, 23)).isEqualTo(1.0);
        assertThat(grid.idle(0, 0)).isNaN();
        assertThat(grid.hourStart(3)).isEqualTo(FROM.plusSeconds(3 * 3600));
    }

    @Test
    void naturalOrderComparesDigitsAsNumbers() {
        assertThat(IdleGrid.naturalOrder("rack-9", "rack-10")).isNegative();
        assertThat(IdleGrid.naturalOrder("rack-010", "rack-9")).isPositive();
        assertThat(IdleGrid.naturalOrder("b", "a")).isPositive();
        assertThat(IdleGrid.naturalOrder("a", "a1")).isNegative();
    }
}

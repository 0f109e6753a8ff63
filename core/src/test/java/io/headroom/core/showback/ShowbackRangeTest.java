package io.headroom.core.showback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ShowbackRangeTest {

    @Test
    void daysAndWeeksBeforeToday() {
        var query = ShowbackRange.parse("7d").query(Instant.parse("2026-12-06T02:16:00Z"), ShowbackGrouping.TENANT);
        assertThat(query.toMs()).isEqualTo(Instant.parse("2026-12-06T00:00:00Z").toEpochMilli());
        assertThat(query.fromMs())
                .isEqualTo(Instant.parse("2026-11-29T00:00:00Z").toEpochMilli());
        assertThat(ShowbackRange.parse("2w").days()).isEqualTo(14);
        assertThat(ShowbackRange.parse(" 30d ").text()).isEqualTo("30d");
        assertThat(ShowbackRange.parse("14d").text()).isEqualTo("2w");
    }

    @Test
    void badRangesNameWhatIsWrong() {
        assertThatThrownBy(() -> ShowbackRange.parse("7x"))
                .hasMessage("'7x' is not a range: give days or weeks, such as 7d, 30d or 4w");
        assertThatThrownBy(() -> ShowbackRange.parse("0d")).hasMessageContaining("'0d' is 0 days");
        assertThatThrownBy(() -> ShowbackRange.parse("200w")).hasMessageContaining("1 to 731 days");
    }

    @Test
    void groupingsAndPeriodsByName() {
        assertThat(ShowbackGrouping.parse("Tenant")).contains(ShowbackGrouping.TENANT);
        assertThat(ShowbackGrouping.parse("rack")).isEmpty();
        assertThat(ShowbackGrouping.choices()).isEqualTo("tenant, account, user, pool, model");
        assertThat(ShowbackPeriod.parse("month")).contains(ShowbackPeriod.MONTH);
    }
}

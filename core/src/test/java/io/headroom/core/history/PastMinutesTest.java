package io.headroom.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A server's recent minutes: unknown until put, and gaps filled from a second source without overwriting. */
class PastMinutesTest {

    @Test
    void aMinuteNobodyPutIsUnknownNotZero() {
        PastMinutes past = new PastMinutes(100, 3, List.of("GPU-a", "GPU-b"));
        past.put(1, 101, 40, 300, 60);

        assertThat(past.kept(0, 101)).isFalse();
        assertThat(past.utilizationPct(0, 101)).isNaN();
        assertThat(past.powerW(1, 101)).isEqualTo(300f);
        assertThat(past.gaps()).isEqualTo(5);
        assertThatThrownBy(() -> past.kept(0, 103))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("minute 103");
    }

    @Test
    void gapsAreFilledByUuidAndMinuteAndWhatWasKeptStays() {
        PastMinutes store = new PastMinutes(100, 3, List.of("GPU-a", "GPU-b"));
        store.put(0, 100, 10, 100, 40);
        // The agent's answer: another order, one minute later, and its own value for a minute the store kept.
        PastMinutes agent = new PastMinutes(101, 3, List.of("GPU-b", "GPU-a", "GPU-c"));
        agent.put(1, 101, 20, 200, 50);
        agent.put(0, 102, 30, Float.NaN, 55);
        agent.put(2, 102, 90, 900, 90);
        PastMinutes earlier = new PastMinutes(100, 1, List.of("GPU-a"));
        earlier.put(0, 100, 99, 999, 99);

        assertThat(store.fillGapsFrom(agent)).isEqualTo(2);
        assertThat(store.fillGapsFrom(earlier)).as("kept minutes stay").isZero();

        assertThat(store.utilizationPct(0, 100)).isEqualTo(10f);
        assertThat(store.utilizationPct(0, 101)).isEqualTo(20f);
        assertThat(store.utilizationPct(1, 102)).isEqualTo(30f);
        assertThat(store.powerW(1, 102)).isNaN();
        assertThat(store.kept(0, 102)).isFalse();
        assertThat(store.gaps()).isEqualTo(3);
    }
}

package io.headroom.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket on its own, with a clock the test moves. */
class ExecuteRateLimitTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ExecuteRateLimit limit =
            new ExecuteRateLimit(new ExecuteRateLimit.Settings(3, 2), (call, headers) -> "unused", nanos::get);

    @Test
    void aBurstThenTheRateAndEachCallerHasItsOwnBucket() {
        for (int i = 0; i < 3; i++) {
            assertThat(limit.take("a")).as("call %d of the burst", i).isZero();
        }
        long wait = limit.take("a");
        assertThat(wait).as("the 4th at once waits half a second at 2 a second").isBetween(400_000_000L, 500_000_000L);
        assertThat(limit.take("b")).as("another caller is not held up").isZero();

        nanos.addAndGet(500_000_000L);
        assertThat(limit.take("a")).as("one token back after 0.5 s").isZero();
        assertThat(limit.take("a")).isPositive();
        nanos.addAndGet(60_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertThat(limit.take("a"))
                    .as("the bucket refills to the burst, not beyond")
                    .isZero();
        }
        assertThat(limit.take("a")).isPositive();
        assertThat(limit.refused()).isEqualTo(3);
    }

    @Test
    void madeUpCallerNamesCannotGrowTheAgentsMemory() {
        for (int i = 0; i < ExecuteRateLimit.TRACKED_CALLERS * 3; i++) {
            limit.take("caller-" + i);
        }
        assertThat(limit.trackedCallers()).isEqualTo(ExecuteRateLimit.TRACKED_CALLERS);
    }
}

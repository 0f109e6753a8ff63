package io.headroom.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The JUnit Platform found {@link AwaitilityDefaultsListener}, which applied {@link AwaitilityDefaults} before the first test. */
class AwaitilityDefaultsTest {

    @Test
    void conditionsAreTriedAtOnceOnTheTestsOwnThread() {
        Thread test = Thread.currentThread();
        AtomicInteger tries = new AtomicInteger();
        // Awaitility's own defaults would try the condition on a thread of its own, never this one.
        await("the condition on the test's thread")
                .atMost(Duration.ofSeconds(5))
                .until(() -> tries.incrementAndGet() > 0 && Thread.currentThread() == test);
        assertThat(tries).hasValue(1);
    }
}

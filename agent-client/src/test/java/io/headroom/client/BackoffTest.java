package io.headroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheCeilingWithJitterAndResets() {
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), new Random(1));
        long[] ceilings = {100, 200, 400, 800, 1600, 2000, 2000};
        for (long ceiling : ceilings) {
            long wait = backoff.next().toMillis();
            assertThat(wait).isBetween(ceiling / 2, ceiling);
        }
        backoff.reset();
        assertThat(backoff.next().toMillis()).isBetween(50L, 100L);
    }

    @Test
    void twoClientsDoNotRetryInLockStep() {
        var a = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(1));
        var b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(2));
        int same = 0;
        for (int i = 0; i < 8; i++) {
            if (a.next().equals(b.next())) {
                same++;
            }
        }
        assertThat(same).isLessThan(8);
    }
}

package io.headroom.agent.reclaim;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the held-idle policy's rounds on a thread of its own, never on the sampling thread. */
public final class PolicyTimer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PolicyTimer.class);

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "held-idle-policy");
        t.setDaemon(true);
        return t;
    });

    private final ScheduledFuture<?> rounds;

    /** Starts a round every {@code every}, the first after one interval (so the first samples are in). */
    public PolicyTimer(HeldIdlePolicy policy, Duration every) {
        rounds = thread.scheduleWithFixedDelay(
                () -> {
                    try {
                        policy.round();
                    } catch (RuntimeException e) {
                        // A failed round must not stop the timer: the next one may well succeed.
                        log.error("held-idle policy round failed: {}", e.toString());
                    }
                },
                every.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        rounds.cancel(false);
        thread.shutdownNow();
    }
}

package io.headroom.core.testing;

import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * How the tests wait with Awaitility: the condition is tried at once, then every 10 ms, on the
 * test's own thread, and an exception some other thread does not catch is left to that thread.
 * Awaitility's own defaults (a first look after 100 ms, then every 100 ms, on a thread of its
 * own, failing the wait on any uncaught exception anywhere, 10 s) would add a tenth of a second
 * to each of some hundred and fifty waits, could step over a state that lasts less, and would
 * fail the fault tests, whose servers throw on purpose. A wait that names no limit
 * ({@code atMost}) gives up after 30 s, as the agent's tests always did; the others name theirs.
 *
 * <p>Set for every test run of a module with core's test jar on its class path by
 * {@link AwaitilityDefaultsListener}; a test's main class that runs in a child JVM calls
 * {@link #apply()} itself.
 */
public final class AwaitilityDefaults {

    private AwaitilityDefaults() {}

    public static void apply() {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
        Awaitility.setDefaultPollDelay(Duration.ZERO);
        Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
        Awaitility.pollInSameThread();
        Awaitility.doNotCatchUncaughtExceptionsByDefault();
    }
}

package io.headroom.core.testing;

import org.awaitility.Awaitility;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.time.Duration;

/**
 * How the tests of every module with core's test jar on its class path wait with Awaitility:
 * the condition is tried at once, then every 10 ms, on the test's own thread, and an exception
 * some other thread does not catch is left to that thread. Awaitility's own defaults (a first
 * look after 100 ms, then every 100 ms, on a thread of its own, failing the wait on any uncaught
 * exception anywhere, 10 s) would add a tenth of a second to each of some hundred and fifty waits,
 * could step over a state that lasts less, and would fail the fault tests, whose servers throw
 * on purpose. A wait that names no limit ({@code atMost}) gives up after 30 s, as the agent's
 * tests always did; the others name theirs.
 *
 * <p>Set once per test run: the JUnit Platform finds this listener through
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class AwaitilityDefaults implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        // A module whose tests do not wait has no Awaitility; this listener comes with core's test jar all the same.
        try {
            Class.forName("org.awaitility.Awaitility", false, AwaitilityDefaults.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return;
        }
        Settings.apply();
    }

    /** Apart, so that nothing of Awaitility is loaded where it is missing. */
    private static final class Settings {
        static void apply() {
            Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
            Awaitility.setDefaultPollDelay(Duration.ZERO);
            Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
            Awaitility.pollInSameThread();
            Awaitility.doNotCatchUncaughtExceptionsByDefault();
        }
    }
}

package io.headroom.core.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Applies {@link AwaitilityDefaults} once per test run, before the first test. The JUnit
 * Platform finds it through {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}
 * in core's test jar, so every module with that jar on its test class path gets it.
 */
public final class AwaitilityDefaultsListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        // A module whose tests do not wait has no Awaitility; this listener comes with core's test jar all the same.
        try {
            Class.forName("org.awaitility.Awaitility", false, AwaitilityDefaultsListener.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return;
        }
        AwaitilityDefaults.apply();
    }
}

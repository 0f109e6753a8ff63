package io.headroom.app;

import java.time.Duration;
import java.time.Instant;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Scene;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the two start-up figures an operator notices, counted from the process's start, the
 * same way on a checkout and on an installed console (the start-up benchmark reads them):
 * when the window was first painted (its start screen), and when the first frame showing an
 * agent's live telemetry was painted.
 */
final class StartupTimes {

    private static final Logger log = LoggerFactory.getLogger(StartupTimes.class);

    private StartupTimes() {}

    /** Logs that the window has just been painted (called after the first pulse). */
    static void windowPainted() {
        log.info("window painted {} ms after the process started", sinceStart());
    }

    /** Logs, once, when the first frame showing an agent's live telemetry has been laid out for painting. */
    static void logFirstLiveFrame(Scene scene, ObservableBooleanValue showingLiveData) {
        if (showingLiveData.get()) {
            afterNextPaint(scene, () -> log.info("first live frame {} ms after the process started", sinceStart()));
            return;
        }
        showingLiveData.addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Boolean> value, Boolean was, Boolean is) {
                if (is) {
                    showingLiveData.removeListener(this);
                    afterNextPaint(
                            scene, () -> log.info("first live frame {} ms after the process started", sinceStart()));
                }
            }
        });
    }

    /** Runs {@code action} once, after the next pulse has laid the scene out for painting. */
    static void afterNextPaint(Scene scene, Runnable action) {
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            action.run();
        };
        scene.addPostLayoutPulseListener(once[0]);
    }

    private static long sinceStart() {
        return ProcessHandle.current()
                .info()
                .startInstant()
                .map(started -> Duration.between(started, Instant.now()).toMillis())
                .orElse(-1L);
    }
}

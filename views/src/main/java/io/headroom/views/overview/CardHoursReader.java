package io.headroom.views.overview;

import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the card-hour source once a minute on a thread of its own (it reads the store: never
 * the FX thread) and hands the answer to the FX thread: one {@code runLater} a minute.
 * Rollups change once an hour, so a minute is prompt enough.
 */
final class CardHoursReader {

    private static final Logger log = LoggerFactory.getLogger(CardHoursReader.class);
    static final long EVERY_SECONDS = 60;

    private final InstantSource clock;
    private final Consumer<CardHourUtilization> sink;
    private volatile CardHours source = CardHours.NONE;
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> task;

    CardHoursReader(InstantSource clock, Consumer<CardHourUtilization> sink) {
        this.clock = clock;
        this.sink = sink;
    }

    void setSource(CardHours source) {
        this.source = source == null ? CardHours.NONE : source;
    }

    /** FX thread. */
    // CardHours.NONE is a sentinel: only that instance means "no source".
    @SuppressWarnings("ReferenceEquality")
    void start() {
        if (task != null || source == CardHours.NONE) {
            return;
        }
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("card-hours").factory());
        }
        task = executor.scheduleWithFixedDelay(
                () -> {
                    CardHourUtilization read = read();
                    Platform.runLater(() -> sink.accept(read));
                },
                0,
                EVERY_SECONDS,
                TimeUnit.SECONDS);
    }

    /** FX thread: one read now, beside the regular ones, while they run. */
    void readNow() {
        if (task != null && executor != null) {
            executor.execute(() -> {
                CardHourUtilization read = read();
                Platform.runLater(() -> sink.accept(read));
            });
        }
    }

    /** FX thread; the thread ends too, so a disposed console leaves nothing running. */
    void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
        if (executor != null) {
            executor.shutdown();
            executor = null;
        }
    }

    private CardHourUtilization read() {
        try {
            return source.at(clock.instant());
        } catch (Exception e) {
            log.warn("could not read card-hour utilization from the history: {}", e.toString());
            return CardHourUtilization.UNKNOWN;
        }
    }
}

package io.headroom.views.backfill;

import io.headroom.core.history.BackfillProgress;
import io.headroom.views.Messages;
import java.util.function.Consumer;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;

/**
 * Looks at the backfill's progress once a second on the FX thread (two volatile reads) and,
 * when it moved, hands the new text to the views; every few seconds while hours arrive, and
 * once when it ends, it asks the history views to read the store again, so the past shows as
 * it comes in. The backfill itself runs on its own thread.
 */
public final class BackfillWatch {

    private static final int RELOAD_EVERY_TICKS = 5;

    private final BackfillProgress progress;
    private final Messages messages;
    private final Consumer<String> text;
    private final Runnable historyArrived;
    private final Timeline ticks;
    private int seenVersion = -1;
    private BackfillProgress.Phase seenPhase = BackfillProgress.Phase.IDLE;
    private int seenDone;
    private int ticksSinceReload;

    /**
     * @param text           told the new text ("" for nothing to say); FX thread
     * @param historyArrived told when new hours are in the store; FX thread
     */
    public BackfillWatch(BackfillProgress progress, Messages messages, Consumer<String> text, Runnable historyArrived) {
        this.progress = progress;
        this.messages = messages;
        this.text = text;
        this.historyArrived = historyArrived;
        ticks = new Timeline(new KeyFrame(Duration.seconds(1), e -> look()));
        ticks.setCycleCount(Animation.INDEFINITE);
    }

    public BackfillWatch start() {
        look();
        ticks.play();
        return this;
    }

    public void stop() {
        ticks.stop();
    }

    /** FX thread. */
    void look() {
        int version = progress.version();
        ticksSinceReload++;
        if (version == seenVersion) {
            return;
        }
        seenVersion = version;
        BackfillProgress.Phase phase = progress.phase();
        text.accept(BackfillText.of(progress, messages));
        boolean ended = phase != seenPhase && seenPhase == BackfillProgress.Phase.FILLING;
        boolean more = phase == BackfillProgress.Phase.FILLING && progress.done() != seenDone;
        if (ended || (more && ticksSinceReload >= RELOAD_EVERY_TICKS)) {
            ticksSinceReload = 0;
            historyArrived.run();
        }
        seenPhase = phase;
        seenDone = progress.done();
    }
}

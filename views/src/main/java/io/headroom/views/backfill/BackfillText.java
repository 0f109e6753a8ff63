package io.headroom.views.backfill;

import io.headroom.core.history.BackfillProgress;
import io.headroom.views.Messages;

/** What the console says about filling its history from the agents: toolkit-free, so it is tested without one. */
public final class BackfillText {

    private BackfillText() {}

    /** "Filling history: 12 of 720 hours", or "" when there is nothing to say. */
    public static String of(BackfillProgress progress, Messages messages) {
        return switch (progress.phase()) {
            case FILLING -> messages.format("backfill.filling", progress.done(), progress.total());
            case INTERRUPTED -> messages.format("backfill.interrupted", progress.done(), progress.total());
            case UNAVAILABLE -> messages.get("backfill.unavailable");
            case IDLE, DONE -> "";
        };
    }
}

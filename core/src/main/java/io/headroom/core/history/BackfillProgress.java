package io.headroom.core.history;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How far the console has got filling its history from its agents: periods done of periods to
 * do, for the views to show ("Filling history: 12 of 720 hours"). Written by the backfill's
 * thread, read by the FX side once per pulse; never blocks either.
 */
public final class BackfillProgress {

    /** What the backfill is doing now. */
    public enum Phase {
        /** Nothing asked yet, or nothing was missing. */
        IDLE,
        FILLING,
        /** Everything missing has been filled. */
        DONE,
        /** An agent keeps no history (an older agent): said once, not asked again. */
        UNAVAILABLE,
        /** Stopped part-way (an agent went away, the store refused); resumes on the next connect. */
        INTERRUPTED
    }

    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.IDLE);
    private final AtomicInteger changes = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicReference<Phase> outcome = new AtomicReference<>(Phase.DONE);

    public int done() {
        return done.get();
    }

    public int total() {
        return total.get();
    }

    public Phase phase() {
        return phase.get();
    }

    /** Bumps on every change, so a view repaints only when something moved. */
    public int version() {
        return changes.get();
    }

    /** One agent's backfill begins. */
    public void begin() {
        if (running.getAndIncrement() == 0) {
            outcome.set(Phase.DONE);
        }
        phase.set(Phase.FILLING);
        changes.incrementAndGet();
    }

    /** More periods to do. */
    public void planned(int periods) {
        total.addAndGet(periods);
        changes.incrementAndGet();
    }

    public void periodDone() {
        done.incrementAndGet();
        changes.incrementAndGet();
    }

    /** The periods that will not come this time (interrupted): taken off the plan. */
    public void dropped(int periods) {
        total.addAndGet(-periods);
        changes.incrementAndGet();
    }

    /**
     * One agent's backfill ended this way. When the last one running ends, the phase is the
     * worst of theirs and a finished run's counts are cleared.
     */
    // phases are declared from best to worst: the worse one wins
    @SuppressWarnings("EnumOrdinal")
    public void end(Phase how) {
        outcome.accumulateAndGet(how, (a, b) -> a.ordinal() >= b.ordinal() ? a : b);
        if (running.decrementAndGet() == 0) {
            Phase last = outcome.get();
            if (last == Phase.DONE || last == Phase.UNAVAILABLE) {
                done.set(0);
                total.set(0);
            }
            phase.set(last);
        }
        changes.incrementAndGet();
    }
}

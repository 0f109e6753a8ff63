package io.headroom.store.history;

import io.headroom.core.history.AcceleratorPeriod;
import io.headroom.core.history.HistoryTier;
import io.headroom.core.idle.IdleState;

/**
 * One agent-kept period of one accelerator as a {@link RollupBlock} entry, with the console's own
 * maths: covered minutes are the minutes whose state is known, the idle share is held idle plus
 * free idle over them, the held share held idle over them. Time the agent did not keep or could
 * not classify is not covered: it never shows as idle, nor as busy.
 */
final class AgentPeriods {

    private AgentPeriods() {}

    // the last-state column stores IdleState ordinals, as the recorder writes them
    @SuppressWarnings("EnumOrdinal")
    static void put(RollupBlock block, int entry, HistoryTier tier, AcceleratorPeriod row) {
        long known = row.knownS();
        int minutes = tier == HistoryTier.MINUTE ? (known >= 30 ? 1 : 0) : (int) Math.round(known / 60.0);
        if (minutes == 0) {
            return; // nothing kept: leave whatever the block had for it
        }
        IdleState most = IdleState.BUSY;
        long mostS = row.busyS();
        if (row.heldIdleS() > mostS) {
            most = IdleState.HELD_IDLE;
            mostS = row.heldIdleS();
        }
        if (row.freeIdleS() > mostS) {
            most = IdleState.FREE_IDLE;
            mostS = row.freeIdleS();
        }
        if (row.drainedS() > mostS) {
            most = IdleState.DRAINED;
            mostS = row.drainedS();
        }
        if (row.faultedS() > mostS) {
            most = IdleState.FAULTED;
        }
        block.set(
                entry,
                minutes,
                row.utilizationPct(),
                (row.heldIdleS() + row.freeIdleS()) / (float) known,
                row.heldIdleS() / (float) known,
                row.powerW(),
                row.maxTempC(),
                most.ordinal());
    }
}

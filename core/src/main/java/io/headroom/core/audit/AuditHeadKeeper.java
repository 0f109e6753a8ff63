package io.headroom.core.audit;

import java.util.List;
import java.util.Optional;

/**
 * Where a console keeps, for each agent, the latest audit head it trusted, so that a trail cut
 * short or rewritten while the console was closed is still noticed when it opens again.
 * Implementations are thread-safe; calls may block on disk and are never made on the FX thread.
 */
public interface AuditHeadKeeper {

    /** The head kept for this agent; empty when none was. */
    Optional<SignedHead> kept(String agent);

    /** Records the latest reading: moves the kept head on when the verdict is trusted. */
    void record(AgentAuditState state);

    /**
     * Forgets the head kept for this agent and its latest reading: an operator has looked and
     * trusts the trail as it is now (a node reinstalled, a key replaced on purpose). The next
     * reading is kept as a first one.
     */
    void forget(String agent);

    /** The latest reading of every agent read so far, in agent order. */
    List<AgentAuditState> states();

    /** Keeps nothing across restarts (tests, and a console without a profile). */
    static AuditHeadKeeper inMemory() {
        return new InMemoryAuditHeads();
    }
}

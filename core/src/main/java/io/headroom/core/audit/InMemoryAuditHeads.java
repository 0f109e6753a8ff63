package io.headroom.core.audit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Audit heads kept in memory only: what a relay keeps, and a console without a local store. */
final class InMemoryAuditHeads implements AuditHeadKeeper {

    private final Map<String, AgentAuditState> states = new ConcurrentSkipListMap<>();

    @Override
    public Optional<SignedHead> kept(String agent) {
        return Optional.ofNullable(states.get(agent)).map(AgentAuditState::kept);
    }

    @Override
    public void record(AgentAuditState state) {
        states.put(state.agent(), state);
    }

    @Override
    public void forget(String agent) {
        states.remove(agent);
    }

    @Override
    public List<AgentAuditState> states() {
        return List.copyOf(states.values());
    }
}

package io.headroom.agent.operations;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Node generations as the agent hands them out: bumped when the agent changes a node and
 * when it notices the scheduler's view of it changed (someone ran scontrol by hand), so a
 * console acting on an old picture gets CONFLICT instead of a surprise.
 */
public final class Generations {

    private record Seen(long generation, String fingerprint) {}

    private final ConcurrentHashMap<String, Seen> nodes = new ConcurrentHashMap<>();

    /** The node's generation, moved on if {@code fingerprint} (its state as read now) differs from the last one. */
    public long observe(String host, String fingerprint) {
        return nodes.compute(
                        host,
                        (h, seen) -> seen == null
                                ? new Seen(1, fingerprint)
                                : seen.fingerprint().equals(fingerprint)
                                        ? seen
                                        : new Seen(seen.generation() + 1, fingerprint))
                .generation();
    }

    /** After the agent changed the node: a new generation, remembering the state it left. */
    public long changed(String host, String fingerprint) {
        return nodes.compute(host, (h, seen) -> new Seen(seen == null ? 1 : seen.generation() + 1, fingerprint))
                .generation();
    }

    public long current(String host) {
        Seen seen = nodes.get(host);
        return seen == null ? 0 : seen.generation();
    }
}

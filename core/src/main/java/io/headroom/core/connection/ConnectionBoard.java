package io.headroom.core.connection;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The latest {@link AgentStatus} of every configured agent. Written by connection threads,
 * read by the UI once per frame (compare {@link #version()} to skip unchanged frames).
 */
public final class ConnectionBoard {

    private final ConcurrentHashMap<String, AgentStatus> byEndpoint = new ConcurrentHashMap<>();
    private final List<String> order;
    private final AtomicLong version = new AtomicLong();
    private final List<Consumer<AgentStatus>> listeners = new CopyOnWriteArrayList<>();

    public ConnectionBoard(List<String> endpoints) {
        this.order = List.copyOf(endpoints);
        for (String endpoint : order) {
            byEndpoint.put(endpoint, AgentStatus.connecting(endpoint));
        }
    }

    public void update(AgentStatus status) {
        byEndpoint.put(status.endpoint(), status);
        version.incrementAndGet();
        for (Consumer<AgentStatus> listener : listeners) {
            listener.accept(status);
        }
    }

    /**
     * Told of every change, on the connection's thread: an agent went down or came back.
     * Not once per batch (statuses change only then), so a listener may do a little work.
     */
    public void onChange(Consumer<AgentStatus> listener) {
        listeners.add(listener);
    }

    public long version() {
        return version.get();
    }

    /** In configuration order. */
    public List<AgentStatus> statuses() {
        return order.stream().map(byEndpoint::get).toList();
    }

    public int configured() {
        return order.size();
    }

    public int online() {
        return (int) byEndpoint.values().stream()
                .filter(s -> s.health() == AgentHealth.ONLINE)
                .count();
    }
}

package io.headroom.agent.reclaim;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages sent and failed, by webhook and reason, for the agent's {@code /metrics}
 * ({@code headroom_agent_webhook_sends_total{webhook, outcome, reason}}).
 */
public final class SendCounts {

    /** One series: outcome "sent" or "failed"; reason "ok", "http_4xx", "http_429", "http_5xx", "refused", "timeout", "io". */
    public record Series(String webhook, String outcome, String reason) implements Comparable<Series> {
        @Override
        public int compareTo(Series other) {
            return toString().compareTo(other.toString());
        }
    }

    private final Map<Series, LongAdder> counts = new ConcurrentHashMap<>();

    public void count(String webhook, boolean sent, String reason) {
        counts.computeIfAbsent(new Series(webhook, sent ? "sent" : "failed", reason), s -> new LongAdder())
                .increment();
    }

    /** Every series counted so far, in a stable order. */
    public Map<Series, Long> snapshot() {
        Map<Series, Long> result = new TreeMap<>();
        counts.forEach((series, count) -> result.put(series, count.sum()));
        return result;
    }

    public long count(String webhook, String outcome, String reason) {
        LongAdder count = counts.get(new Series(webhook, outcome, reason));
        return count == null ? 0 : count.sum();
    }
}

package io.headroom.agent.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many bytes of refusals the audit file takes in a minute: so much per caller (an
 * identity, or an address) and so much from all of them together. Past either, a refusal is
 * counted instead of written, and when the minute is over one record says how many were left
 * out and whose they were. Anyone who can reach the port can be refused; nobody can fill the
 * disk by being refused.
 */
final class RefusalBudget {

    static final int PER_CALLER_BYTES = 32 * 1024;
    static final int ALL_CALLERS_BYTES = 256 * 1024;
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Callers counted per minute; more are summed as "other callers", so the map cannot grow without end. */
    static final int TRACKED_CALLERS = 4096;

    private static final class Spent {
        long bytes;
        long dropped;
    }

    private Instant windowStart;
    private long allBytes;
    private long droppedInWindow;
    private long droppedUntracked;
    private long droppedTotal;
    private final Map<String, Spent> callers = new LinkedHashMap<>();

    /** Counts the refusal against the budget: true to write it, false when it is only counted. */
    boolean admit(String caller, int bytes, Instant at) {
        if (windowStart == null || !at.isBefore(windowStart.plus(WINDOW))) {
            startWindow(at);
        }
        Spent spent = callers.get(caller);
        if (spent == null && callers.size() >= TRACKED_CALLERS) {
            droppedUntracked++;
            droppedInWindow++;
            droppedTotal++;
            return false;
        }
        if (spent == null) {
            spent = new Spent();
            callers.put(caller, spent);
        }
        if (spent.bytes + bytes > PER_CALLER_BYTES || allBytes + bytes > ALL_CALLERS_BYTES) {
            spent.dropped++;
            droppedInWindow++;
            droppedTotal++;
            return false;
        }
        spent.bytes += bytes;
        allBytes += bytes;
        return true;
    }

    /**
     * The record saying what the minute that has ended by {@code at} left out, or null when it
     * left out nothing or has not ended. Asked before every record the agent writes.
     */
    ExecuteRecord summaryDue(Instant at) {
        if (windowStart == null || droppedInWindow == 0 || at.isBefore(windowStart.plus(WINDOW))) {
            return null;
        }
        ExecuteRecord summary = summary(at);
        startWindow(at);
        return summary;
    }

    /** The record for the minute under way when the agent stops, or null when it left out nothing. */
    ExecuteRecord summaryNow(Instant at) {
        if (droppedInWindow == 0) {
            return null;
        }
        ExecuteRecord summary = summary(at);
        startWindow(at);
        return summary;
    }

    long droppedTotal() {
        return droppedTotal;
    }

    private ExecuteRecord summary(Instant at) {
        List<Map.Entry<String, Spent>> worst = new ArrayList<>(callers.entrySet().stream()
                .filter(e -> e.getValue().dropped > 0)
                .toList());
        worst.sort(Comparator.comparingLong((Map.Entry<String, Spent> e) -> e.getValue().dropped)
                .reversed());
        var who = new StringBuilder();
        for (int i = 0; i < Math.min(5, worst.size()); i++) {
            who.append(i == 0 ? "" : ", ")
                    .append(worst.get(i).getKey())
                    .append(": ")
                    .append(worst.get(i).getValue().dropped);
        }
        long others = worst.size() > 5 ? worst.size() - 5 : 0;
        if (others > 0) {
            who.append(", and ").append(others).append(" more callers");
        }
        if (droppedUntracked > 0) {
            who.append(who.isEmpty() ? "" : "; ")
                    .append(droppedUntracked)
                    .append(" from callers past the first ")
                    .append(TRACKED_CALLERS);
        }
        String message = droppedInWindow + (droppedInWindow == 1 ? " refusal" : " refusals") + " between " + windowStart
                + " and " + at + " not written (over the audit budget of " + PER_CALLER_BYTES / 1024
                + " KiB a minute per caller, " + ALL_CALLERS_BYTES / 1024 + " KiB for all): " + who;
        return ExecuteRecord.ofAgent(
                at,
                "audit-budget",
                "refusals over the audit budget",
                ExecuteRecord.DROPPED,
                message,
                worst.isEmpty() ? "" : worst.getFirst().getKey());
    }

    private void startWindow(Instant at) {
        windowStart = at;
        allBytes = 0;
        droppedInWindow = 0;
        droppedUntracked = 0;
        callers.clear();
    }
}

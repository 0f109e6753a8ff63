package io.headroom.agent.source;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How one source is doing, counted for the agent's own /metrics and for its log: what it read,
 * what it could not make sense of, how often its device tool had to be started again, and how
 * long it is backing off.
 */
public final class SourceHealth {

    private final String source;
    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong waitingMillis = new AtomicLong();
    private final AtomicReference<String> lastProblem = new AtomicReference<>("");

    public SourceHealth(String source) {
        this.source = source;
    }

    public String source() {
        return source;
    }

    public void reading() {
        readings.incrementAndGet();
    }

    /** Counts a line or document that could not be parsed; true when it is worth logging (the first few, then 1 in 100). */
    public boolean malformed(String problem) {
        lastProblem.set(problem);
        long n = malformed.incrementAndGet();
        return n <= 10 || n % 100 == 0;
    }

    /** A poll or scrape that failed as a whole (timeout, connection refused, exit code). */
    public void failure(String problem) {
        lastProblem.set(problem);
        failures.incrementAndGet();
    }

    public void restart() {
        restarts.incrementAndGet();
    }

    /**
     * The source is leaving its device alone this long before asking again (a crashed tool, a
     * refused login); zero when it is not. Exported so that a backing-off source is told apart
     * from one that reads nothing.
     */
    public void waiting(java.time.Duration wait) {
        waitingMillis.set(wait.toMillis());
    }

    public java.time.Duration waiting() {
        return java.time.Duration.ofMillis(waitingMillis.get());
    }

    public long readings() {
        return readings.get();
    }

    public long malformed() {
        return malformed.get();
    }

    public long failures() {
        return failures.get();
    }

    public long restarts() {
        return restarts.get();
    }

    public String lastProblem() {
        return lastProblem.get();
    }
}

package io.headroom.store.outbox;

import io.headroom.core.operation.AgentUnreachableException;
import io.headroom.core.operation.OperationOutcome;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox, on one thread of its own: per node in queue order, each operation marked
 * SENDING (committed) before it goes out and its answer recorded after. Unreachable agents
 * are retried with a growing, bounded delay; conflicts and rejections wait for an operator.
 *
 * <p>Killed at any point, nothing is lost and nothing applied twice: an operation is either
 * still QUEUED, or SENDING and sent again after the restart with the same idempotency key
 * (the agent answers the stored result, {@code replayed}), or already answered.
 *
 * <p>One node at a time: an agent that takes its whole deadline to fail holds up the others
 * that long, which a console with a handful of queued operations can afford.
 */
public final class OutboxReplayer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxReplayer.class);

    /**
     * How long to wait before trying an unreachable agent again: {@code first}, doubling per
     * attempt up to {@code max}, each with ±20 % jitter so that many consoles do not knock at once.
     */
    public record Backoff(Duration first, Duration max) {
        public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

        public Duration delay(int attempt) {
            long base = first.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
            long capped = Math.min(Math.max(base, first.toMillis()), max.toMillis());
            return Duration.ofMillis(
                    (long) (capped * ThreadLocalRandom.current().nextDouble(0.8, 1.2)));
        }
    }

    private final Outbox outbox;
    private final OutboxDelivery delivery;
    private final OperationSender sender;
    private final Backoff backoff;
    private final Clock clock;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private final List<Consumer<QueuedOperation>> listeners = new CopyOnWriteArrayList<>();
    private boolean woken;
    private boolean anAgentCameBack;
    private volatile boolean stopped;

    private OutboxReplayer(Outbox outbox, OperationSender sender, Backoff backoff, Clock clock) {
        this.outbox = outbox;
        this.delivery = new OutboxDelivery(outbox);
        this.sender = sender;
        this.backoff = backoff;
        this.clock = clock;
        this.thread =
                Thread.ofPlatform().daemon().name("headroom-outbox-replayer").unstarted(this::run);
    }

    public static OutboxReplayer start(Outbox outbox, OperationSender sender, Backoff backoff) {
        return start(outbox, sender, backoff, outbox.store().clock());
    }

    public static OutboxReplayer start(Outbox outbox, OperationSender sender, Backoff backoff, Clock clock) {
        OutboxReplayer replayer = new OutboxReplayer(outbox, sender, backoff, clock);
        outbox.onEnqueued(replayer::wake);
        replayer.thread.start();
        return replayer;
    }

    /**
     * Called on the replayer's thread whenever an operation was answered or postponed, from
     * registration on; what happened before is in the {@link Outbox}.
     */
    public void onProgress(Consumer<QueuedOperation> listener) {
        listeners.add(listener);
    }

    /** Look at the outbox now: something was queued, or an agent just came back. */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * An agent answers again after an outage: what was postponed for an unreachable agent is
     * tried now, not when its backoff (up to {@link Backoff#max()}) runs out. The store is
     * touched on the replayer's own thread, so this is safe to call from any thread.
     */
    public void agentCameBack() {
        lock.lock();
        try {
            anAgentCameBack = true;
            woken = true;
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (!stopped) {
            try {
                if (takeAgentCameBack()) {
                    delivery.bringForward(clock.instant());
                }
                List<QueuedOperation> due = delivery.dueHeads(clock.instant());
                for (QueuedOperation q : due) {
                    if (stopped) {
                        return;
                    }
                    deliver(q);
                }
                if (due.isEmpty()) {
                    Optional<Instant> next = delivery.nextAttempt();
                    waitUntil(next.map(at -> Duration.between(clock.instant(), at))
                            .orElse(Duration.ofMinutes(1)));
                }
            } catch (SQLException e) {
                outbox.store().recordFailure("replaying the outbox", e);
                waitQuietly(backoff.max());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // A bug must not stop the sending for good; try again after a pause.
                log.error("Outbox replayer round failed", e);
                waitQuietly(backoff.max());
            }
        }
    }

    private void deliver(QueuedOperation q) throws SQLException {
        delivery.markSending(q);
        OperationOutcome outcome;
        try {
            outcome = sender.send(q.operation());
        } catch (AgentUnreachableException | RuntimeException e) {
            Duration delay = backoff.delay(q.attempts() + 1);
            String why = e instanceof AgentUnreachableException ? e.getMessage() : e.toString();
            if (e instanceof RuntimeException) {
                log.warn("Sender failed on {}; treating the agent as unreachable", q.key(), e);
            }
            delivery.postpone(q, clock.instant().plus(delay), why);
            outbox.find(q.key()).ifPresent(this::tell);
            return;
        }
        tell(delivery.recordOutcome(q, outcome, clock.instant()));
    }

    private boolean takeAgentCameBack() {
        lock.lock();
        try {
            boolean cameBack = anAgentCameBack;
            anAgentCameBack = false;
            return cameBack;
        } finally {
            lock.unlock();
        }
    }

    private void tell(QueuedOperation q) {
        for (Consumer<QueuedOperation> listener : listeners) {
            listener.accept(q);
        }
    }

    private void waitUntil(Duration wait) throws InterruptedException {
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (!woken && !stopped && nanos > 0) {
                nanos = wakeUp.awaitNanos(nanos);
            }
            woken = false;
        } finally {
            lock.unlock();
        }
    }

    private void waitQuietly(Duration wait) {
        try {
            waitUntil(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    /** Stops after the operation in flight, if any; what is left stays queued for the next start. */
    @Override
    public void close() {
        stopped = true;
        wake();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

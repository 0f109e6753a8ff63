package io.headroom.agent.node;

import io.headroom.core.fleet.SchedulerState;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduler's word on the node (Slurm, Kubernetes), read on its own thread every interval
 * and handed to the ticker as it is, so a slow scheduler never holds up telemetry. When it
 * cannot be read the node shows as UNKNOWN, and the reason is logged once, not every poll.
 */
final class PolledSchedulerView implements SchedulerView, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PolledSchedulerView.class);

    /** One read of the scheduler; throws with a message fit for the log. */
    interface Read {
        Status now() throws Exception;
    }

    private final String scheduler;
    private final Read read;
    private final ScheduledExecutorService poller;
    private volatile Status status = new Status(SchedulerState.UNKNOWN, 0, null, null, GpuAllocation.NONE);
    private volatile String lastProblem = "";

    PolledSchedulerView(String scheduler, Read read, int intervalMs) {
        this.scheduler = scheduler;
        this.read = read;
        this.poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .daemon()
                .name("headroom-" + scheduler.toLowerCase(java.util.Locale.ROOT) + "-poll")
                .factory());
        // Runs until close() shuts the executor down; nothing reads the future.
        var unusedPolling = poller.scheduleWithFixedDelay(this::poll, 0, intervalMs, TimeUnit.MILLISECONDS);
    }

    void poll() {
        try {
            status = read.now();
            if (!lastProblem.isEmpty()) {
                log.info("{} answers again", scheduler);
            }
            lastProblem = "";
        } catch (Exception e) {
            String problem = String.valueOf(e.getMessage());
            if (!problem.equals(lastProblem)) {
                log.warn("cannot read this node from {}: {}", scheduler, problem);
                lastProblem = problem;
            }
            status = new Status(
                    SchedulerState.UNKNOWN, status.generation(), status.pool(), status.tenant(), GpuAllocation.NONE);
        }
    }

    /**
     * Reads the scheduler now, in turn with the regular polls, and returns once read (or after
     * {@link #REFRESH_WAIT}: a scheduler that hangs is the next poll's to report).
     */
    void refreshNow() {
        try {
            poller.submit(this::poll).get(REFRESH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException
                | java.util.concurrent.RejectedExecutionException e) {
            // The next regular poll reads it; the operation's own answer already carries the new generation.
        }
    }

    /** How long an operation's answer waits for the scheduler to be read again. */
    static final java.time.Duration REFRESH_WAIT = java.time.Duration.ofSeconds(5);

    @Override
    public Status now() {
        return status;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}

package io.headroom.client;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.headroom.core.workload.FleetWorkloads;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetWorkloadsRequest;
import io.headroom.protocol.v1.WorkloadTable;
import io.headroom.wire.BatchHeader;
import io.headroom.wire.MalformedTelemetryException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one agent's workloads in the console's {@link FleetWorkloads}: the whole table on
 * connect, then the changes each batch carries while they follow on from the version held,
 * and the whole table again when they do not (a gap, missed batches, a restarted agent).
 * An agent that does not know workloads (UNIMPLEMENTED) simply reports none. A failing table
 * is logged once per change of reason and retried with backoff; telemetry never waits on it.
 *
 * <p>Threading: called from the stream's and the table call's gRPC callbacks; one lock.
 */
final class WorkloadSync {

    private static final Logger log = LoggerFactory.getLogger(WorkloadSync.class);
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final long NONE = -1;

    private final String source;
    private final AgentGrpc.AgentStub stub;
    private final FleetWorkloads workloads;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final WorkloadDecoder decoder;
    private final AtomicLong tablesFetched = new AtomicLong();
    private final AtomicLong changesApplied = new AtomicLong();

    private long held = NONE;
    private boolean fetching;
    private boolean unsupported;
    private String problem = "";
    private volatile boolean closed;

    /** @param workloads where they go; null for a client that does not follow workloads (nothing is asked) */
    WorkloadSync(
            String source,
            AgentGrpc.AgentStub stub,
            FleetWorkloads workloads,
            ScheduledExecutorService scheduler,
            Backoff backoff) {
        this.source = source;
        this.stub = stub;
        this.workloads = workloads;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.decoder = new WorkloadDecoder(source);
    }

    /** The stream (re)opened: what was held may be out of date, fetch the whole table. */
    synchronized void connected() {
        if (workloads == null) {
            return; // a client that does not follow workloads
        }
        unsupported = false;
        held = NONE;
        fetch();
    }

    /**
     * Takes the workload changes a batch carries.
     *
     * @param continuityLost batches were missed, skipped or come from a restarted agent
     */
    synchronized void onBatch(BatchHeader batch, boolean continuityLost) {
        if (workloads == null || unsupported || closed) {
            return;
        }
        if (continuityLost) {
            held = NONE;
            fetch();
            return;
        }
        long version = batch.workloadVersion();
        if (batch.hasWorkloadChanges()
                && held != NONE
                && batch.workloadChanges().getFromVersion() == held) {
            var changes = batch.workloadChanges();
            try {
                workloads.apply(source, decoder.decode(changes.getUpsertedList()), changes.getEndedList());
                held = version;
                changesApplied.incrementAndGet();
            } catch (MalformedTelemetryException | IllegalArgumentException e) {
                report(e.getMessage());
                held = NONE;
                fetch();
            }
            return;
        }
        if (held == NONE || version == held || (version == 0 && !batch.hasWorkloadChanges())) {
            return; // a table is on its way, nothing changed, or the agent knows no workloads
        }
        fetch(); // changes that do not follow on from what is held, or a version with none
    }

    private void fetch() {
        if (fetching || closed) {
            return;
        }
        fetching = true;
        stub.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .getWorkloads(GetWorkloadsRequest.getDefaultInstance(), new StreamObserver<>() {
                    @Override
                    public void onNext(WorkloadTable table) {
                        arrived(table);
                    }

                    @Override
                    public void onError(Throwable t) {
                        failed(t);
                    }

                    @Override
                    public void onCompleted() {}
                });
    }

    private synchronized void arrived(WorkloadTable table) {
        fetching = false;
        try {
            workloads.replace(source, decoder.decode(table.getWorkloadsList()));
        } catch (MalformedTelemetryException | IllegalArgumentException e) {
            report(e.getMessage());
            retryLater();
            return;
        }
        held = table.getWorkloadVersion();
        tablesFetched.incrementAndGet();
        backoff.reset();
        if (!problem.isEmpty()) {
            log.info("{}: workloads known again ({} of them)", source, table.getWorkloadsCount());
            problem = "";
        }
    }

    private synchronized void failed(Throwable failure) {
        fetching = false;
        if (Status.fromThrowable(failure).getCode() == Status.Code.UNIMPLEMENTED) {
            unsupported = true;
            workloads.forget(source);
            log.info("{} does not report who holds its GPUs (an agent older than workloads)", source);
            return;
        }
        report("could not fetch workloads: " + FailureText.of(failure));
        retryLater();
    }

    private void report(String reason) {
        if (!reason.equals(problem)) {
            log.warn("{}: {}", source, reason);
            problem = reason;
        }
    }

    private void retryLater() {
        if (closed) {
            return;
        }
        fetching = true; // batches do not start another fetch while one waits
        // Never cancelled: the retry does nothing once closed.
        var unusedRetry = scheduler.schedule(
                () -> {
                    synchronized (this) {
                        fetching = false;
                        if (!unsupported) {
                            fetch();
                        }
                    }
                },
                backoff.next().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void close() {
        closed = true;
    }

    // ------------------------------------------------------------------ figures for tests

    long tablesFetched() {
        return tablesFetched.get();
    }

    long changesApplied() {
        return changesApplied.get();
    }

    /** True once the agent has answered that it knows no workloads. */
    synchronized boolean unsupported() {
        return unsupported;
    }
}

package io.headroom.agent.relay;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.headroom.agent.workloads.WorkloadBook;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetWorkloadsRequest;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadChanges;
import io.headroom.protocol.v1.WorkloadTable;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.BatchHeader;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each upstream agent says its workloads are, kept in the relay's {@link WorkloadBook}
 * under the agent's address, so that a job two agents report is one workload at the relay.
 *
 * <p>The relay asks an agent for its whole table (GetWorkloads) on the first batch of each of its
 * epochs, and whenever a batch names a version the relay cannot reach with the changes it
 * carries; otherwise it applies the changes. An agent that answers UNIMPLEMENTED knows no
 * workloads. Changes that arrive while a table is on its way are kept (a few) and applied after it.
 */
final class UpstreamWorkloads {

    private static final Logger log = LoggerFactory.getLogger(UpstreamWorkloads.class);
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);
    /** Batches with changes kept while a table is on its way; beyond that, ask again afterwards. */
    private static final int MAX_WAITING = 64;

    private final WorkloadBook book;
    private final Function<AgentEndpoint, Optional<Channel>> channels;
    private final Map<AgentEndpoint, Upstream> upstreams = new ConcurrentHashMap<>();
    private final AtomicLong tablesAsked = new AtomicLong();
    private volatile boolean warnedNoChannel;

    /** One agent's workloads as this relay last knew them; guarded by itself. */
    private static final class Upstream {
        final Map<String, Workload> workloads = new HashMap<>();
        String epoch = "";
        long held = -1; // the version `workloads` is at; -1 while unknown
        boolean asking;
        boolean knowsNone; // answered UNIMPLEMENTED in this epoch
        boolean failed; // the last ask failed: wait until retryAtNanos
        long retryAtNanos;
        final ArrayDeque<BatchHeader> waiting = new ArrayDeque<>();
        boolean overflowed;
    }

    UpstreamWorkloads(WorkloadBook book, Function<AgentEndpoint, Optional<Channel>> channels) {
        this.book = book;
        this.channels = channels;
    }

    /** Called with every batch an upstream sends, on its stream's thread. */
    void onBatch(AgentEndpoint from, BatchHeader batch) {
        Upstream upstream = upstreams.computeIfAbsent(from, e -> new Upstream());
        boolean ask;
        synchronized (upstream) {
            if (!batch.epoch().equals(upstream.epoch)) {
                // A restarted agent numbers its versions afresh.
                upstream.epoch = batch.epoch();
                upstream.held = -1;
                upstream.knowsNone = false;
                upstream.failed = false;
            }
            if (upstream.knowsNone) {
                return;
            }
            if (upstream.asking) {
                if (batch.hasWorkloadChanges()) {
                    if (upstream.waiting.size() < MAX_WAITING) {
                        upstream.waiting.add(batch);
                    } else {
                        upstream.overflowed = true;
                    }
                }
                return;
            }
            ask = !follow(from, upstream, batch)
                    && (!upstream.failed || System.nanoTime() - upstream.retryAtNanos >= 0);
            if (ask) {
                upstream.asking = true;
                upstream.failed = false;
                upstream.waiting.clear();
                upstream.overflowed = false;
            }
        }
        if (ask) {
            askTable(from, upstream, batch.epoch());
        }
    }

    /** Applies the batch's changes when they lead on from what is held; false when the table is needed. */
    private boolean follow(AgentEndpoint from, Upstream upstream, BatchHeader batch) {
        long to = batch.workloadVersion();
        if (upstream.held < 0) {
            return false;
        }
        if (to <= upstream.held) {
            return true; // nothing newer than what is held
        }
        if (!batch.hasWorkloadChanges()) {
            return false;
        }
        WorkloadChanges changes = batch.workloadChanges();
        if (changes.getFromVersion() > upstream.held) {
            return false; // changes in between were missed
        }
        // Changes are whole workloads by id, so applying them over any version between from and to is right.
        for (Workload workload : changes.getUpsertedList()) {
            upstream.workloads.put(workload.getId(), workload);
        }
        for (String ended : changes.getEndedList()) {
            upstream.workloads.remove(ended);
        }
        upstream.held = to;
        book.replace(from.toString(), upstream.workloads.values());
        return true;
    }

    private void askTable(AgentEndpoint from, Upstream upstream, String epoch) {
        Optional<Channel> channel = channels.apply(from);
        if (channel.isEmpty()) {
            if (!warnedNoChannel) {
                warnedNoChannel = true;
                log.warn(
                        "no channel to {} to ask for its workloads: the relay's client was not built with"
                                + " Relay.upstreamOptions; this relay serves no workloads",
                        from);
            }
            synchronized (upstream) {
                upstream.asking = false;
                upstream.failed = true;
                upstream.retryAtNanos = System.nanoTime() + RETRY_AFTER_FAILURE.toNanos();
            }
            return;
        }
        tablesAsked.incrementAndGet();
        AgentGrpc.newStub(channel.get())
                .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .getWorkloads(GetWorkloadsRequest.getDefaultInstance(), new StreamObserver<>() {
                    @Override
                    public void onNext(WorkloadTable table) {
                        accept(from, upstream, epoch, table);
                    }

                    @Override
                    public void onError(Throwable t) {
                        refused(from, upstream, epoch, Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {}
                });
    }

    private void accept(AgentEndpoint from, Upstream upstream, String epoch, WorkloadTable table) {
        synchronized (upstream) {
            upstream.asking = false;
            if (!epoch.equals(upstream.epoch)) {
                return; // the agent restarted meanwhile; its next batch asks again
            }
            upstream.workloads.clear();
            for (Workload workload : table.getWorkloadsList()) {
                upstream.workloads.put(workload.getId(), workload);
            }
            upstream.held = table.getWorkloadVersion();
            boolean behind = upstream.overflowed;
            for (BatchHeader waiting : upstream.waiting) {
                if (waiting.workloadVersion() > upstream.held
                        && waiting.workloadChanges().getFromVersion() > upstream.held) {
                    behind = true;
                    break;
                }
                if (waiting.workloadVersion() > upstream.held) {
                    WorkloadChanges changes = waiting.workloadChanges();
                    changes.getUpsertedList().forEach(w -> upstream.workloads.put(w.getId(), w));
                    changes.getEndedList().forEach(upstream.workloads::remove);
                    upstream.held = waiting.workloadVersion();
                }
            }
            upstream.waiting.clear();
            upstream.overflowed = false;
            if (behind) {
                upstream.held = -1; // the next batch asks again
            }
            book.replace(from.toString(), upstream.workloads.values());
        }
    }

    private void refused(AgentEndpoint from, Upstream upstream, String epoch, Status status) {
        synchronized (upstream) {
            upstream.asking = false;
            upstream.waiting.clear();
            if (!epoch.equals(upstream.epoch)) {
                return;
            }
            if (status.getCode() == Status.Code.UNIMPLEMENTED) {
                // An agent from before workloads: nobody is known to hold anything there.
                upstream.knowsNone = true;
                upstream.workloads.clear();
                upstream.held = 0;
                book.replace(from.toString(), upstream.workloads.values());
                log.info("{} reports no workloads (it is older than GetWorkloads)", from);
                return;
            }
            upstream.failed = true;
            upstream.retryAtNanos = System.nanoTime() + RETRY_AFTER_FAILURE.toNanos();
            log.warn(
                    "{} did not answer GetWorkloads ({}); asking again in {} s",
                    from,
                    status.getCode(),
                    RETRY_AFTER_FAILURE.toSeconds());
        }
    }

    /** GetWorkloads calls made to upstream agents, for tests. */
    long tablesAsked() {
        return tablesAsked.get();
    }
}

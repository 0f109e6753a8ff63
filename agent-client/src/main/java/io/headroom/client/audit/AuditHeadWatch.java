package io.headroom.client.audit;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.headroom.core.audit.AgentAuditState;
import io.headroom.core.audit.AuditHeadKeeper;
import io.headroom.core.audit.HeadVerdict;
import io.headroom.core.audit.HeadWitness;
import io.headroom.core.audit.SignedHead;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.AuditHead;
import io.headroom.protocol.v1.GetAuditHeadRequest;
import io.headroom.wire.AgentEndpoint;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every agent's signed audit head now and then and keeps the latest trusted one off the
 * agent's node ({@link AuditHeadKeeper}): a trail later cut short, rewritten at a record seen,
 * or signed by a new key is named in the log once and on the operations page for as long as it
 * lasts. Agents without a signed trail (the embedded simulator, older agents) answer
 * UNIMPLEMENTED and are not asked again. Nothing here runs on the FX thread.
 */
public final class AuditHeadWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditHeadWatch.class);
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private final Map<AgentEndpoint, Channel> channels;
    private final AuditHeadKeeper keeper;
    private final ScheduledExecutorService scheduler;
    private final InstantSource clock;
    private final Set<AgentEndpoint> withoutTrail = ConcurrentHashMap.newKeySet();
    private final Map<AgentEndpoint, String> lastWarning = new ConcurrentHashMap<>();
    private final List<ScheduledFuture<?>> rounds = new CopyOnWriteArrayList<>();
    private final boolean ownsScheduler;

    public AuditHeadWatch(
            Map<AgentEndpoint, Channel> channels,
            AuditHeadKeeper keeper,
            ScheduledExecutorService scheduler,
            InstantSource clock) {
        this(channels, keeper, scheduler, clock, false);
    }

    /** A watch on a thread of its own ("audit-heads"), stopped by {@link #close}. */
    public static AuditHeadWatch onOwnThread(
            Map<AgentEndpoint, Channel> channels, AuditHeadKeeper keeper, InstantSource clock) {
        return new AuditHeadWatch(
                channels,
                keeper,
                Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().name("audit-heads").daemon().factory()),
                clock,
                true);
    }

    private AuditHeadWatch(
            Map<AgentEndpoint, Channel> channels,
            AuditHeadKeeper keeper,
            ScheduledExecutorService scheduler,
            InstantSource clock,
            boolean ownsScheduler) {
        this.ownsScheduler = ownsScheduler;
        this.channels = Map.copyOf(channels);
        this.keeper = keeper;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Reads every agent's head after {@code firstAfter}, then every {@code every}. */
    // the rounds are kept to be cancelled on close; nothing waits on them
    @SuppressWarnings("FutureReturnValueIgnored")
    public AuditHeadWatch start(Duration firstAfter, Duration every) {
        rounds.add(scheduler.scheduleWithFixedDelay(
                this::readAll, firstAfter.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS));
        return this;
    }

    /** Reads every agent's head once, now; completes when all have answered or failed. */
    public CompletableFuture<Void> readAll() {
        return CompletableFuture.allOf(channels.keySet().stream()
                .filter(endpoint -> !withoutTrail.contains(endpoint))
                .map(this::read)
                .toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> read(AgentEndpoint endpoint) {
        var done = new CompletableFuture<Void>();
        AgentGrpc.newStub(channels.get(endpoint))
                .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .getAuditHead(GetAuditHeadRequest.getDefaultInstance(), new StreamObserver<>() {
                    @Override
                    public void onNext(AuditHead head) {
                        scheduler.execute(() -> {
                            try {
                                judge(endpoint, head);
                            } finally {
                                done.complete(null);
                            }
                        });
                    }

                    @Override
                    public void onError(Throwable t) {
                        Status status = Status.fromThrowable(t);
                        if (status.getCode() == Status.Code.UNIMPLEMENTED) {
                            withoutTrail.add(endpoint);
                            log.debug("{} keeps no signed audit trail: {}", endpoint, status.getDescription());
                        }
                        // Unreachable agents are on the connection bar already; the next round asks again.
                        done.complete(null);
                    }

                    @Override
                    public void onCompleted() {}
                });
        return done;
    }

    private void judge(AgentEndpoint endpoint, AuditHead head) {
        String agent = endpoint.toString();
        var latest = new SignedHead(
                head.getRecord(),
                head.getHash(),
                head.getSignature(),
                head.getPublicKey().toByteArray(),
                clock.instant());
        SignedHead kept;
        try {
            kept = keeper.kept(agent).orElse(null);
        } catch (RuntimeException e) {
            log.warn("the audit head kept for {} cannot be read: {}", agent, e.getMessage());
            return;
        }
        HeadVerdict verdict = HeadWitness.judge(kept, latest);
        var state = new AgentAuditState(
                agent,
                latest,
                verdict.trusted() ? latest : kept,
                verdict,
                head.getWritable(),
                head.getInterruptions(),
                head.getLastInterruption(),
                head.getRefusalsDropped());
        try {
            keeper.record(state);
        } catch (RuntimeException e) {
            log.warn("the audit head of {} cannot be kept: {}", agent, e.getMessage());
        }
        String warning = state.needsAttention() ? state.describe() : "";
        String before = lastWarning.put(endpoint, warning);
        if (!warning.equals(before == null ? "" : before)) {
            if (warning.isEmpty()) {
                log.info("the audit trail of {} adds up again: {}", agent, state.describe());
            } else {
                log.warn("the audit trail of {} needs a look: {}", agent, warning);
            }
        }
    }

    @Override
    public void close() {
        rounds.forEach(round -> round.cancel(false));
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }
}

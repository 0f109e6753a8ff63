package io.headroom.client;

import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.headroom.core.access.Role;
import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.AgentStatus;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.workload.FleetWorkloads;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.Caller;
import io.headroom.protocol.v1.GetCallerRequest;
import io.headroom.protocol.v1.GetInventoryRequest;
import io.headroom.protocol.v1.Inventory;
import io.headroom.protocol.v1.StreamTelemetryRequest;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.BatchBytesMethod;
import io.headroom.wire.BatchHeader;
import io.headroom.wire.InventoryCodec;
import io.headroom.wire.MalformedTelemetryException;
import io.headroom.wire.TelemetryDecoder;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's link to one agent or relay: fetch the inventory, stream telemetry into the
 * {@link FleetState}, and when anything breaks, back off and try again, resuming the stream
 * after the last sequence received so a short outage leaves no hole.
 *
 * <p>Threading: gRPC delivers one call's callbacks one at a time; attempts are scheduled
 * on the shared scheduler. Fields written from callbacks are read by tests and the UI only.
 */
public final class AgentConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AgentConnection.class);
    private static final Duration INVENTORY_DEADLINE = Duration.ofSeconds(10);

    private final AgentEndpoint endpoint;
    private final io.grpc.ManagedChannel channel;
    private final AgentGrpc.AgentStub stub;
    private final FleetAssembler assembler;
    private final FleetState fleet;
    private final ConnectionBoard board;
    private final ScheduledExecutorService scheduler;
    private final InstantSource clock;
    private final Backoff backoff;
    private final String clientId;
    private final BatchListener listener;
    private final TelemetryDecoder decoder;
    private final PendingWrites writes;
    private final WorkloadSync workloads;

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong sequenceGaps = new AtomicLong();
    private final AtomicLong missedBatches = new AtomicLong();
    private final AtomicLong rejectedBatches = new AtomicLong();
    private final AtomicLong coalescedSamples = new AtomicLong();
    private volatile String epoch = "";
    private volatile long lastSequence;
    private volatile long inventoryVersion = -1;
    private volatile boolean closed;
    private volatile Context.CancellableContext call;
    private volatile boolean online;
    private volatile int nodes;
    private volatile Role role;
    private volatile ConnectedListener onConnected;

    AgentConnection(
            AgentEndpoint endpoint,
            io.grpc.ManagedChannel channel,
            FleetAssembler assembler,
            FleetState fleet,
            FleetWorkloads fleetWorkloads,
            ConnectionBoard board,
            ScheduledExecutorService scheduler,
            ClientOptions options,
            Backoff backoff,
            Backoff workloadBackoff) {
        this.endpoint = endpoint;
        this.channel = channel;
        this.stub = AgentGrpc.newStub(channel);
        this.assembler = assembler;
        this.fleet = fleet;
        this.board = board;
        this.scheduler = scheduler;
        this.clock = options.clock();
        this.backoff = backoff;
        this.clientId = options.clientName();
        this.listener = options.listener();
        this.decoder = new TelemetryDecoder("agent " + endpoint);
        this.writes = options.stateWrites().forConnection("agent " + endpoint, decoder, fleet);
        this.workloads = new WorkloadSync(endpoint.toString(), stub, fleetWorkloads, scheduler, workloadBackoff);
    }

    public AgentEndpoint endpoint() {
        return endpoint;
    }

    /** Told after every (re)connect, once the inventory is in and the stream is open; on a client thread. */
    void onConnected(ConnectedListener listener) {
        this.onConnected = listener;
    }

    void start() {
        scheduler.execute(this::attempt);
    }

    private void attempt() {
        if (closed) {
            return;
        }
        // Our backoff decides when to try; without this the channel's own (up to 2 minutes)
        // would fail the attempts we announce on the board without even connecting.
        channel.resetConnectBackoff();
        fetchInventory(
                inventory -> {
                    try {
                        // The callback handles both outcomes; the future whenComplete returns only repeats them.
                        var unusedOutcome = acceptInventory(inventory).whenComplete((installed, failure) -> {
                            if (failure != null) {
                                fail(failure);
                            } else {
                                askRole();
                                openStream();
                                workloads.connected();
                                ConnectedListener whenUp = onConnected;
                                if (whenUp != null) {
                                    whenUp.connected(endpoint, channel);
                                }
                            }
                        });
                    } catch (MalformedTelemetryException e) {
                        fail(e);
                    }
                },
                this::fail);
    }

    private void fetchInventory(
            java.util.function.Consumer<Inventory> onInventory, java.util.function.Consumer<Throwable> onError) {
        stub.withDeadlineAfter(INVENTORY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .getInventory(GetInventoryRequest.getDefaultInstance(), new StreamObserver<>() {
                    @Override
                    public void onNext(Inventory inventory) {
                        onInventory.accept(inventory);
                    }

                    @Override
                    public void onError(Throwable t) {
                        onError.accept(t);
                    }

                    @Override
                    public void onCompleted() {}
                });
    }

    /**
     * Asks the agent what it lets this console do, so the console can hide what it would refuse.
     * An agent from before roles answers UNIMPLEMENTED: it enforces none, so everything is offered.
     */
    private void askRole() {
        stub.withDeadlineAfter(INVENTORY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .getCaller(GetCallerRequest.getDefaultInstance(), new StreamObserver<>() {
                    @Override
                    public void onNext(Caller caller) {
                        role = switch (caller.getRole()) {
                            case ROLE_OPERATOR -> Role.OPERATOR;
                            case ROLE_TECHNICIAN -> Role.TECHNICIAN;
                            case ROLE_VIEWER, ROLE_UNSPECIFIED, UNRECOGNIZED -> Role.VIEWER;
                        };
                        log.info(
                                "{} knows this console as {} ({}, by {})",
                                endpoint,
                                caller.getIdentity(),
                                role.id(),
                                caller.getAuthenticatedBy());
                    }

                    @Override
                    public void onError(Throwable t) {
                        if (io.grpc.Status.fromThrowable(t).getCode() == io.grpc.Status.Code.UNIMPLEMENTED) {
                            role = Role.OPERATOR;
                        }
                    }

                    @Override
                    public void onCompleted() {}
                });
    }

    private java.util.concurrent.CompletableFuture<Void> acceptInventory(Inventory inventory) {
        var core = InventoryCodec.fromProto(inventory);
        inventoryVersion = inventory.getInventoryVersion();
        nodes = core.nodes().size();
        return assembler.update(endpoint, core);
    }

    private void openStream() {
        if (closed) {
            return;
        }
        var request = StreamTelemetryRequest.newBuilder()
                .setClientId(clientId)
                .setResumeEpoch(epoch)
                .setResumeAfterSequence(lastSequence)
                .build();
        Context.CancellableContext context = Context.current().withCancellation();
        call = context;
        // The batches come as bytes (no message objects): decoded straight into the fleet, forwarded as they are.
        context.run(() -> ClientCalls.asyncServerStreamingCall(
                channel.newCall(BatchBytesMethod.STREAM_TELEMETRY, CallOptions.DEFAULT),
                request,
                new StreamObserver<>() {
                    private boolean ended; // a batch we refused ends the stream; gRPC's word after that is ours

                    @Override
                    public void onNext(byte[] bytes) {
                        if (ended) {
                            return;
                        }
                        try {
                            accept(bytes);
                        } catch (MalformedTelemetryException e) {
                            ended = true;
                            fail(e);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        if (!ended) {
                            fail(t);
                        }
                    }

                    @Override
                    public void onCompleted() {
                        if (!ended) {
                            fail(new IllegalStateException("the agent ended the telemetry stream"));
                        }
                    }
                }));
    }

    private void accept(byte[] bytes) {
        long receivedMicros = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        BatchHeader batch = BatchHeader.read(bytes);
        // The workload changes of a batch follow on from the previous batch's only when no batch went missing.
        boolean continuityLost = false;
        if (!batch.epoch().equals(epoch)) {
            if (!epoch.isEmpty()) {
                log.info("{} restarted (new stream epoch); its replay buffer is gone, continuing from now", endpoint);
                continuityLost = true;
            }
            epoch = batch.epoch();
        } else if (!batch.snapshot() && batch.sequence() != lastSequence + 1) {
            sequenceGaps.incrementAndGet();
            continuityLost = true;
            log.warn("{}: sequence jumped from {} to {}", endpoint, lastSequence, batch.sequence());
        }
        if (batch.missedBatches() > 0) {
            continuityLost = true;
            missedBatches.addAndGet(batch.missedBatches());
            coalescedSamples.addAndGet(batch.coalescedSamples());
            log.warn(
                    "{}: fell {} batches ({} samples) behind; the agent sent the latest values instead",
                    endpoint,
                    batch.missedBatches(),
                    batch.coalescedSamples());
        }
        lastSequence = batch.sequence();
        batches.incrementAndGet();
        if (batch.inventoryVersion() != inventoryVersion) {
            refreshInventory(batch.inventoryVersion());
        }
        var received = new ReceivedBatch(bytes, batch, receivedMicros);
        listener.onArrived(endpoint, received);
        writes.take(received);
        workloads.onBatch(batch, continuityLost);
        listener.onBatch(endpoint, received, clock.millis());
        if (!online) {
            online = true;
            backoff.reset();
            board.update(new AgentStatus(endpoint.toString(), AgentHealth.ONLINE, "", null, clock.instant(), nodes));
            log.info("{} online: {} nodes", endpoint, nodes);
        }
    }

    private void refreshInventory(long announced) {
        inventoryVersion = announced; // ask once per announced version, not once per batch
        fetchInventory(
                inventory -> {
                    try {
                        // Nothing waits on a refresh: the stream is open already. Its one failure (the fleet refusing
                        // the merged inventory) used to be dropped silently; now it is at least logged.
                        var unusedInstalled = acceptInventory(inventory).whenComplete((installed, failure) -> {
                            if (failure != null) {
                                log.warn(
                                        "{}: could not install the refreshed inventory: {}",
                                        endpoint,
                                        failure.toString());
                            }
                        });
                    } catch (MalformedTelemetryException e) {
                        log.warn("{}: rejected a malformed inventory: {}", endpoint, e.getMessage());
                    }
                },
                failure -> inventoryVersion = -1); // try again with the next batch
    }

    private void fail(Throwable failure) {
        Context.CancellableContext current = call;
        if (current != null) {
            current.cancel(null);
        }
        if (closed) {
            return;
        }
        online = false;
        if (failure instanceof MalformedTelemetryException) {
            rejectedBatches.incrementAndGet();
        }
        Duration wait = backoff.next();
        String reason = failure instanceof MalformedTelemetryException
                ? "malformed data: " + failure.getMessage()
                : FailureText.of(failure);
        Instant retry = clock.instant().plus(wait);
        board.update(new AgentStatus(endpoint.toString(), AgentHealth.UNREACHABLE, reason, retry, null, nodes));
        if (backoff.attempts() <= 3 || backoff.attempts() % 20 == 0) {
            log.warn("{}: {}; retrying in {} ms (attempt {})", endpoint, reason, wait.toMillis(), backoff.attempts());
        }
        // Never cancelled: attempt() returns at once once the connection is closed.
        var unusedRetry = scheduler.schedule(this::attempt, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        writes.close();
        workloads.close();
        Context.CancellableContext current = call;
        if (current != null) {
            current.cancel(null);
        }
    }

    // ------------------------------------------------------------------ figures for tests, the bar and benchmarks

    /** What the agent lets this console do; empty until it has said. */
    public java.util.Optional<Role> role() {
        return java.util.Optional.ofNullable(role);
    }

    public boolean isOnline() {
        return online;
    }

    public long batchesReceived() {
        return batches.get();
    }

    /** Sequence jumps the agent did not announce as missed: should stay 0. */
    public long sequenceGaps() {
        return sequenceGaps.get();
    }

    /** Batches the agent said it could no longer replay. */
    public long missedBatches() {
        return missedBatches.get();
    }

    /** Samples the agent replaced by the latest values because this client fell behind. */
    public long coalescedSamples() {
        return coalescedSamples.get();
    }

    /** Whole workload tables fetched from this agent (on connect and whenever changes could not be followed). */
    public long workloadTablesFetched() {
        return workloads.tablesFetched();
    }

    /** Batches whose workload changes were applied on top of the table held. */
    public long workloadChangesApplied() {
        return workloads.changesApplied();
    }

    /** True when the agent answered that it does not report workloads (an older agent). */
    public boolean reportsNoWorkloads() {
        return workloads.unsupported();
    }

    public long lastSequence() {
        return lastSequence;
    }

    public String epoch() {
        return epoch;
    }

    public long unknownSamples() {
        return decoder.unknownSamples();
    }

    public long implausibleValues() {
        return decoder.implausibleValues();
    }

    /** Implausible values per kind, each kind logged once for this agent. */
    public io.headroom.core.fleet.ImplausibleValues implausible() {
        return decoder.implausible();
    }
}

package io.headroom.agent.server;

import io.headroom.agent.history.FleetHistory;
import io.headroom.agent.workloads.WorkloadBook;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.Inventory;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.protocol.v1.WorkloadChanges;
import io.headroom.wire.InventoryCodec;
import io.headroom.wire.RoundCutter;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's heartbeat: once per interval it asks the source for a round of samples,
 * cuts the nodes that reported into batches and appends them to the {@link TelemetryHub}.
 */
public final class TelemetryPublisher implements ServedFleet, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TelemetryPublisher.class);

    /** Nodes per batch: keeps a batch of 8-GPU nodes around 100-200 kB, far below gRPC's message limit. */
    public static final int NODES_PER_BATCH = 256;

    private final TelemetrySource source;
    private final TelemetryHub hub;
    private final WorkloadBook workloads;
    private final InstantSource clock;
    private final FleetState fleet = new FleetState(IdleThresholds.DEFAULTS);
    private final ScheduledExecutorService ticker;
    private volatile io.headroom.protocol.v1.Inventory inventoryProto;
    private RoundCutter cutter; // set with each inventory installed, the first in the constructor
    private long lastTick;
    private volatile RoundListener roundListener = (telemetry, timeMillis) -> {};
    private volatile FleetHistory history = FleetHistory.NONE;

    /** Told of every round after it is published, on the ticker thread: it must return quickly. */
    public interface RoundListener {
        void onRound(FleetTelemetry telemetry, long timeMillis);
    }

    /** @param replayBatches how many batches reconnecting clients can get back */
    public TelemetryPublisher(TelemetrySource source, int replayBatches, InstantSource clock) {
        this(source, replayBatches, clock, new WorkloadBook());
    }

    /**
     * @param replayBatches how many batches reconnecting clients can get back
     * @param workloads     who holds this server's accelerators, filled by its readers (or the simulator);
     *                      each round's changes go out with the round's first batch
     */
    public TelemetryPublisher(TelemetrySource source, int replayBatches, InstantSource clock, WorkloadBook workloads) {
        this.source = source;
        this.hub = new TelemetryHub(replayBatches, fleet::current);
        this.workloads = workloads;
        this.clock = clock;
        this.ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("telemetry-ticker").daemon().factory());
        installInventory(source.inventory());
    }

    /** Starts ticking, aligned to whole intervals of the clock. */
    public void start() {
        long interval = source.intervalMs();
        long delay = interval - Math.floorMod(clock.millis(), interval);
        // Stopped by ticker.shutdownNow() in close(); tickSafely catches what a tick throws, so the
        // future never completes with anything worth reading.
        var unusedTicking = ticker.scheduleAtFixedRate(this::tickSafely, delay, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public io.headroom.protocol.v1.Inventory inventory() {
        return inventoryProto;
    }

    @Override
    public FleetTelemetry latest() {
        return fleet.current();
    }

    @Override
    public TelemetryHub hub() {
        return hub;
    }

    @Override
    public WorkloadBook workloads() {
        return workloads;
    }

    private void tickSafely() {
        try {
            long interval = source.intervalMs();
            long now = clock.millis() / interval * interval;
            if (now > lastTick) {
                tick(now);
            }
        } catch (RuntimeException e) {
            // One bad round must not stop the heartbeat.
            log.error("telemetry round failed; next round in {} ms", source.intervalMs(), e);
        }
    }

    /**
     * Runs the source from {@code fromMillis} to {@code toMillis} in {@code stepMillis} steps
     * without publishing, so the agent starts with a history (how long each GPU has been idle)
     * as one that has been running for a while would.
     */
    public synchronized void warmUp(long fromMillis, long toMillis, long stepMillis) {
        FleetTelemetry telemetry = fleet.current();
        for (long t = fromMillis; t < toMillis; t += stepMillis) {
            source.tick(t, telemetry);
        }
        // Nothing was published, so nobody holds a version these changes lead from: a client asks for
        // the table, and the first batch does not carry every workload as a change (megabytes at 100k GPUs).
        var _ = workloads.takeChanges();
    }

    /** One round at {@code timeMillis}; public so tests can drive time themselves. */
    public synchronized void tick(long timeMillis) {
        lastTick = timeMillis;
        Inventory inventory = source.inventory();
        if (inventory.version() != fleet.layout().inventory().version()) {
            installInventory(inventory);
        }
        FleetTelemetry telemetry = fleet.current();
        source.tick(timeMillis, telemetry);
        cut(telemetry, timeMillis);
        try {
            roundListener.onRound(telemetry, timeMillis);
        } catch (RuntimeException e) {
            log.error("history keeper failed on the round at {}", timeMillis, e);
        }
    }

    /** Who else sees each round (the node's history keeper); set before {@link #start}. */
    public TelemetryPublisher onRound(RoundListener listener) {
        this.roundListener = listener;
        return this;
    }

    /** Where GetHistory is answered from; {@link FleetHistory#NONE} until set. */
    public TelemetryPublisher answerHistoryFrom(FleetHistory past) {
        this.history = past;
        return this;
    }

    @Override
    public FleetHistory history() {
        return history;
    }

    private void installInventory(Inventory inventory) {
        fleet.install(inventory);
        inventoryProto = InventoryCodec.toProto(inventory);
        cutter = new RoundCutter(fleet.layout());
    }

    /**
     * Cuts the nodes that reported into batches and publishes each one as soon as it is full,
     * so the first batches are on the wire while the rest are still being encoded.
     */
    private void cut(FleetTelemetry telemetry, long timeMillis) {
        long version = telemetry.layout().inventory().version();
        // Taken once per round: every batch of it carries the version these changes lead to, the first the changes.
        Optional<WorkloadChanges> changes = workloads.takeChanges();
        long workloadVersion = workloads.versionTaken();
        boolean[] first = {true};
        TelemetryBatch.Builder last = cutter.cut(
                telemetry,
                NODES_PER_BATCH,
                () -> {
                    var batch = TelemetryBatch.newBuilder()
                            .setServerTimeMs(timeMillis)
                            .setInventoryVersion(version)
                            .setWorkloadVersion(workloadVersion);
                    if (first[0]) {
                        changes.ifPresent(batch::setWorkloadChanges);
                        first[0] = false;
                    }
                    return batch;
                },
                full -> hub.publish(List.of(full)));
        // A round in which no node reported still sends its workload changes.
        if (last.getNodesCount() > 0 || last.getRacksCount() > 0 || last.hasWorkloadChanges()) {
            hub.publish(List.of(last));
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}

package io.headroom.app;

import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.app.operations.AgentOperationSender;
import io.headroom.app.operations.ConsoleOperationsDesk;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.client.audit.AuditHeadWatch;
import io.headroom.client.history.HistoryBackfill;
import io.headroom.client.operations.OperationClient;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.history.BackfillProgress;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.workload.FleetWorkloads;
import io.headroom.store.LocalStore;
import io.headroom.store.audit.AuditLog;
import io.headroom.store.audit.heads.KeptAuditHeads;
import io.headroom.store.cache.CacheWriter;
import io.headroom.store.cache.FleetCache;
import io.headroom.store.cache.RestoredFleet;
import io.headroom.store.history.HistorySettings;
import io.headroom.store.history.StoreHistoryArchive;
import io.headroom.store.outbox.Outbox;
import io.headroom.store.outbox.OutboxReplayer;
import io.headroom.wire.AgentEndpoint;
import java.io.IOException;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet the console shows, and everything that feeds it: the connections to the
 * configured agents, or, with none configured, a simulated fleet served in this process
 * over real gRPC on loopback, so the embedded mode exercises the same path as a real site.
 */
public final class LiveFleet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveFleet.class);
    /** A drain or re-slice answers within seconds; a dry run at once. Longer means the agent is in trouble. */
    private static final java.time.Duration OPERATION_DEADLINE = java.time.Duration.ofSeconds(30);

    private final FleetState fleet;
    private final FleetWorkloads workloads;
    private final IdleClassifier classifier;
    private final ConnectionBoard board;
    private final FleetClient client;
    private final SimulatorAgent simulator;
    private final LocalStore store;
    private final CacheWriter cacheWriter;
    private final OutboxReplayer replayer;
    private final ConsoleOperationsDesk operations;
    private final AuditHeadWatch headWatch;
    private final HistoryBackfill backfill;
    /** How far back the console fills its history from the agents: what they keep of hours, up to a month. */
    private static final java.time.Duration BACKFILL_LOOK_BACK = java.time.Duration.ofDays(30);
    /**
     * Closed hours asked per GPU: none. No page reads a GPU's hours (Idle by hour and card-hours read the group
     * rows), and at 100,000 GPUs each hour per GPU is some 10 MiB on the wire; the open hour's minutes still come
     * per GPU, for the minute blocks.
     */
    private static final java.time.Duration BACKFILL_PER_ACCELERATOR = java.time.Duration.ZERO;
    /** Audit heads are read soon after start (the agents are connecting), then every minute. */
    private static final java.time.Duration AUDIT_HEAD_FIRST = java.time.Duration.ofSeconds(5);

    private static final java.time.Duration AUDIT_HEAD_EVERY = java.time.Duration.ofMinutes(1);

    private LiveFleet(
            FleetState fleet,
            FleetWorkloads workloads,
            IdleClassifier classifier,
            ConnectionBoard board,
            FleetClient client,
            SimulatorAgent simulator,
            LocalStore store,
            CacheWriter cacheWriter,
            OutboxReplayer replayer,
            ConsoleOperationsDesk operations,
            AuditHeadWatch headWatch,
            HistoryBackfill backfill) {
        this.headWatch = headWatch;
        this.backfill = backfill;
        this.fleet = fleet;
        this.workloads = workloads;
        this.classifier = classifier;
        this.board = board;
        this.client = client;
        this.simulator = simulator;
        this.store = store;
        this.cacheWriter = cacheWriter;
        this.replayer = replayer;
        this.operations = operations;
    }

    /**
     * Paints the last known fleet from the store, then starts connecting (and the embedded
     * simulator, if asked for); returns without waiting for any agent.
     */
    public static LiveFleet start(ConsoleSettings settings, IdleThresholds thresholds, LocalStore store)
            throws IOException {
        return start(settings, thresholds, store, EmbeddedSimulator.startInBackground(settings));
    }

    /** As {@link #start(ConsoleSettings, IdleThresholds, LocalStore)}, with the embedded simulator already starting. */
    static LiveFleet start(
            ConsoleSettings settings, IdleThresholds thresholds, LocalStore store, EmbeddedSimulator embedded)
            throws IOException {
        var fleet = new FleetState(thresholds);
        restoreFromCache(store, fleet);
        SimulatorAgent simulator = embedded.await();
        List<AgentEndpoint> endpoints = settings.agents();
        if (simulator != null) {
            endpoints = List.of(new AgentEndpoint("127.0.0.1", simulator.port()));
            log.info(
                    "no agents configured: serving a simulated fleet of {} GPUs on {}",
                    settings.simulatedGpus(),
                    endpoints.getFirst());
        }
        var board = new ConnectionBoard(
                endpoints.stream().map(AgentEndpoint::toString).toList());
        var cacheWriter = CacheWriter.start(store, fleet, CacheWriter.Settings.DEFAULTS);
        // The embedded simulator is on loopback: the default rule reaches it in plaintext.
        // Who holds the GPUs: from live agents and the embedded simulator alike (empty until they report it).
        var workloads = new FleetWorkloads();
        // The past the console did not see itself: asked of every agent on each (re)connect, into the store.
        var backfill = new HistoryBackfill(
                new StoreHistoryArchive(store, HistorySettings.DEFAULTS),
                new BackfillProgress(),
                BACKFILL_LOOK_BACK,
                BACKFILL_PER_ACCELERATOR,
                InstantSource.system(),
                ConsoleIdentity.clientName());
        var client = new FleetClient(
                        endpoints,
                        fleet,
                        workloads,
                        board,
                        ClientOptions.defaults(ConsoleIdentity.clientName()).withSecurity(settings::securityFor))
                .onConnected(backfill)
                .start();
        // Operations queued before a crash, or while the agents were away, go out as soon as an agent answers.
        var outbox = new Outbox(store);
        var sender = new AgentOperationSender(client, new OperationClient(OPERATION_DEADLINE));
        var replayer = OutboxReplayer.start(outbox, sender, OutboxReplayer.Backoff.DEFAULT);
        // An agent back after an outage gets what waited for it now, not after the replayer's backoff (up to a minute).
        board.onChange(status -> {
            if (status.health() == io.headroom.core.connection.AgentHealth.ONLINE) {
                replayer.agentCameBack();
            }
        });
        // Each agent's signed audit head, kept here, off the agents' nodes.
        var auditHeads = new KeptAuditHeads(store);
        var headWatch = AuditHeadWatch.onOwnThread(client.channels(), auditHeads, java.time.Clock.systemUTC())
                .start(AUDIT_HEAD_FIRST, AUDIT_HEAD_EVERY);
        var operations = new ConsoleOperationsDesk(
                ConsoleIdentity.operator(), outbox, new AuditLog(store), sender, fleet, auditHeads);
        return new LiveFleet(
                fleet,
                workloads,
                new IdleClassifier(thresholds),
                board,
                client,
                simulator,
                store,
                cacheWriter,
                replayer,
                operations,
                headWatch,
                backfill);
    }

    private static void restoreFromCache(LocalStore store, FleetState fleet) {
        try {
            RestoredFleet restored = FleetCache.restore(store, fleet);
            if (!restored.isEmpty()) {
                log.info(
                        "showing the last known fleet from the local store: {} nodes, {} with samples, saved {}",
                        restored.inventory().nodes().size(),
                        restored.withSamples(),
                        restored.savedAt().map(Object::toString).orElse("at an unknown time"));
            }
        } catch (SQLException e) {
            store.recordFailure("reading the cached fleet", e);
            log.warn("could not read the cached fleet ({}); starting without it", e.getMessage());
        }
    }

    /** How far filling the history from the agents has got, for the views. */
    public BackfillProgress backfillProgress() {
        return backfill.progress();
    }

    public LocalStore store() {
        return store;
    }

    public FleetState fleet() {
        return fleet;
    }

    /** Who holds each GPU, as the agents report it. */
    public FleetWorkloads workloads() {
        return workloads;
    }

    public IdleClassifier classifier() {
        return classifier;
    }

    public ConnectionBoard board() {
        return board;
    }

    public FleetClient client() {
        return client;
    }

    /** Dry runs, the outbox and the audit log, for the views. */
    public ConsoleOperationsDesk operations() {
        return operations;
    }

    public OutboxReplayer replayer() {
        return replayer;
    }

    /** The simulated fleet served in this process, when no agent was configured. */
    public java.util.Optional<SimulatorAgent> embeddedSimulator() {
        return java.util.Optional.ofNullable(simulator);
    }

    @Override
    public void close() {
        headWatch.close();
        operations.close();
        replayer.close(); // before the client: an operation in flight gets its answer recorded
        backfill.close(); // before the store: a period half-written is rolled back, asked again next time
        client.close();
        cacheWriter.close(); // saves what it has before the store closes
        store.close();
        if (simulator != null) {
            simulator.close();
        }
    }
}

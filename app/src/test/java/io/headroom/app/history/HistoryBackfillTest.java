package io.headroom.app.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.client.history.HistoryBackfill;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.history.AcceleratorPeriod;
import io.headroom.core.history.BackfillProgress;
import io.headroom.core.history.GroupPeriod;
import io.headroom.core.history.HistoryArchive;
import io.headroom.core.history.HistoryTier;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.store.LocalStore;
import io.headroom.store.cache.CacheWriter;
import io.headroom.store.history.GroupBy;
import io.headroom.store.history.HistorySettings;
import io.headroom.store.history.IdleCell;
import io.headroom.store.history.RollupQueries;
import io.headroom.store.history.StoreHistoryArchive;
import io.headroom.wire.AgentEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console fills its store from a real simulator agent over gRPC: only what it lacks, whole
 * hours once each, resuming after the agent is killed part-way, and leaving an agent without
 * history alone after saying so once.
 */
class HistoryBackfillTest {

    private static final long HOUR = 3_600_000L;
    private static final Duration LOOK_BACK = Duration.ofDays(3);

    @TempDir
    Path profile;

    private final AtomicLong now = new AtomicLong(System.currentTimeMillis());
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private final List<GetHistoryRequest> asked = new CopyOnWriteArrayList<>();
    private SimulatorAgent agent;
    private LocalStore store;
    private CacheWriter writer;
    private ManagedChannel channel;
    private HistoryBackfill backfill;
    private BackfillProgress progress;
    private int gpus;

    @BeforeEach
    void start() throws Exception {
        agent = SimulatorAgent.create(FleetShape.forGpus(128), 7, 1000, "", 30, clock)
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        store = LocalStore.open(profile).store();
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        fleet.install(agent.simulator().inventory());
        gpus = agent.simulator().inventory().nodes().stream()
                .mapToInt(n -> n.accelerators().size())
                .sum();
        writer = CacheWriter.start(store, fleet, CacheWriter.Settings.DEFAULTS);
        writer.saveNow(); // the inventory, so the store can number the agent's accelerators
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", agent.port(), InsecureChannelCredentials.create())
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        if (backfill != null) {
            backfill.close();
        }
        channel.shutdownNow();
        writer.close();
        store.close();
        agent.close();
    }

    private HistoryBackfill backfill(HistoryArchive archive) {
        progress = new BackfillProgress();
        backfill = new HistoryBackfill(archive, progress, LOOK_BACK, clock, "test");
        return backfill;
    }

    private StoreHistoryArchive archive() {
        return new StoreHistoryArchive(store, HistorySettings.DEFAULTS.withDayZone(ZoneOffset.UTC));
    }

    /** The channel, counting what it asks. */
    private Channel counted(Channel to) {
        return ClientInterceptors.intercept(to, new ClientInterceptor() {
            @Override
            public <Q, A> ClientCall<Q, A> interceptCall(
                    MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void sendMessage(Q message) {
                        if (message instanceof GetHistoryRequest request) {
                            asked.add(request);
                        }
                        super.sendMessage(message);
                    }
                };
            }
        });
    }

    private void fillAndWait(AgentEndpoint endpoint, Channel to, BackfillProgress.Phase expected) {
        int before = progress.version();
        backfill.connected(endpoint, counted(to));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> progress.version() != before && progress.phase() == expected);
    }

    /** The whole fleet's hour: its halls' cells summed. */
    private record FleetHour(int accelerators, long coveredMinutes, double idleMinutes) {
        double idleFraction() {
            return idleMinutes / coveredMinutes;
        }
    }

    /** Whole-fleet hours between the hours [from, to), by hour. */
    private Map<Long, FleetHour> hallHours(long fromHour, long toHour) throws Exception {
        List<IdleCell> cells = new RollupQueries(store, ZoneOffset.UTC)
                .idleByHour(GroupBy.HALL, Instant.ofEpochMilli(fromHour * HOUR), Instant.ofEpochMilli(toHour * HOUR));
        Map<Long, FleetHour> hours = new TreeMap<>();
        for (IdleCell c : cells) {
            hours.merge(
                    c.start().toEpochMilli() / HOUR,
                    new FleetHour(c.accelerators(), c.coveredMinutes(), c.idleFraction() * c.coveredMinutes()),
                    (a, b) -> new FleetHour(
                            a.accelerators() + b.accelerators(),
                            a.coveredMinutes() + b.coveredMinutes(),
                            a.idleMinutes() + b.idleMinutes()));
        }
        return hours;
    }

    private long recordedPeriods() throws Exception {
        try (Connection c = store.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM history_backfill WHERE tier = 2")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long askedHours() {
        return asked.stream()
                .filter(r -> r.getResolutionValue() == 2)
                .mapToLong(r -> (r.getToMs() - r.getFromMs()) / HOUR)
                .sum();
    }

    @Test
    void aFreshConsoleGetsEveryHourOnceAndAsksNothingTheSecondTime() throws Exception {
        backfill(archive());
        var endpoint = new AgentEndpoint("127.0.0.1", agent.port());
        fillAndWait(endpoint, channel, BackfillProgress.Phase.DONE);
        long nowHour = now.get() / HOUR;
        long first = nowHour - LOOK_BACK.toHours();
        Map<Long, FleetHour> hours = hallHours(first, nowHour - 1);
        assertThat(hours).hasSize((int) (nowHour - 1 - first));
        assertThat(hours.values()).allSatisfy(c -> {
            assertThat(c.accelerators()).isEqualTo(gpus);
            assertThat(c.coveredMinutes()).isEqualTo(gpus * 60L);
        });
        // Nights idler than afternoons shows through: not every hour alike.
        assertThat(hours.values().stream()
                        .map(h -> Math.round(h.idleFraction() * 1000))
                        .distinct()
                        .count())
                .isGreaterThan(10);

        asked.clear();
        fillAndWait(endpoint, channel, BackfillProgress.Phase.DONE);
        assertThat(askedHours()).as("a second connect asks no hour again").isZero();
    }

    @Test
    void aConsoleBackAfterTwoHoursFillsThemAndNothingElse() throws Exception {
        backfill(archive());
        var endpoint = new AgentEndpoint("127.0.0.1", agent.port());
        fillAndWait(endpoint, channel, BackfillProgress.Phase.DONE);
        asked.clear();

        now.addAndGet(2 * HOUR); // the console was off for two hours
        fillAndWait(endpoint, channel, BackfillProgress.Phase.DONE);
        assertThat(askedHours())
                .as("the hours it missed (and the one it had only minutes of)")
                .isBetween(2L, 3L);
        long nowHour = now.get() / HOUR;
        long first = nowHour - LOOK_BACK.toHours();
        Map<Long, FleetHour> hours = hallHours(first, nowHour - 1);
        assertThat(hours).as("no gap").hasSize((int) (nowHour - 1 - first));
        assertThat(hours.values())
                .allSatisfy(c -> assertThat(c.coveredMinutes()).isEqualTo(gpus * 60L));
    }

    @Test
    void anAgentKilledPartWayLeavesWholeHoursAndTheRestComesAfterwards() throws Exception {
        int port = agent.port();
        var writes = new AtomicInteger();
        HistoryArchive real = archive();
        // The agent dies (its server shut down at once) after 30 hours are in.
        HistoryArchive killing = new HistoryArchive() {
            @Override
            public long[] missing(String source, HistoryTier tier, long from, long to) throws ArchiveException {
                return real.missing(source, tier, from, to);
            }

            @Override
            public int write(String source, HistoryTier tier, long period, List<AcceleratorPeriod> rows)
                    throws ArchiveException {
                if (tier == HistoryTier.HOUR && writes.incrementAndGet() == 30) {
                    agent.stopServing();
                }
                return real.write(source, tier, period, rows);
            }

            @Override
            public int writeGroups(String source, long hour, List<GroupPeriod> rows) throws ArchiveException {
                return real.writeGroups(source, hour, rows);
            }

            @Override
            public void settle(String source, HistoryTier tier, long from, long to) throws ArchiveException {
                real.settle(source, tier, from, to);
            }
        };
        backfill(killing);
        var endpoint = new AgentEndpoint("127.0.0.1", port);
        fillAndWait(endpoint, channel, BackfillProgress.Phase.INTERRUPTED);
        long afterCut = recordedPeriods();
        assertThat(afterCut).isBetween(30L, LOOK_BACK.toHours() - 1);

        agent.serve(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        // As the console's connection does before it says the agent is back.
        channel.resetConnectBackoff();
        await().atMost(Duration.ofSeconds(20)).until(() -> channel.getState(true) == io.grpc.ConnectivityState.READY);
        asked.clear();
        fillAndWait(endpoint, channel, BackfillProgress.Phase.DONE);
        long nowHour = now.get() / HOUR;
        long first = nowHour - LOOK_BACK.toHours();
        assertThat(askedHours()).as("only what the cut left").isEqualTo(nowHour - first - afterCut);
        Map<Long, FleetHour> hours = hallHours(first, nowHour - 1);
        assertThat(hours).hasSize((int) (nowHour - 1 - first));
        assertThat(hours.values()).as("no hour counted twice").allSatisfy(c -> {
            assertThat(c.accelerators()).isEqualTo(gpus);
            assertThat(c.coveredMinutes()).isEqualTo(gpus * 60L);
        });
    }

    @Test
    void anAgentWithoutHistoryIsAskedOnce() throws Exception {
        Server old = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(new AgentGrpc.AgentImplBase() {})
                .build()
                .start();
        ManagedChannel toOld = Grpc.newChannelBuilderForAddress(
                        "127.0.0.1", old.getPort(), InsecureChannelCredentials.create())
                .build();
        try {
            backfill(archive());
            var endpoint = new AgentEndpoint("127.0.0.1", old.getPort());
            fillAndWait(endpoint, toOld, BackfillProgress.Phase.UNAVAILABLE);
            assertThat(asked).hasSize(1);
            backfill.connected(endpoint, counted(toOld));
            backfill.connected(endpoint, counted(toOld));
            Thread.sleep(300); // nothing is to happen: give it the chance to
            assertThat(asked).as("not asked again").hasSize(1);
            assertThat(progress.phase()).isEqualTo(BackfillProgress.Phase.UNAVAILABLE);
        } finally {
            toOld.shutdownNow();
            old.shutdownNow();
        }
    }
}

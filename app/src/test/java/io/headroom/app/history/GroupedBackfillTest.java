package io.headroom.app.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.headroom.agent.RelayAgent;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's grouped backfill through two chained relays (simulator -> relay-1 -> relay-2 ->
 * console), as the console runs it (no closed hour per GPU): every hour of the look-back reads as
 * the same hour filled per GPU straight from the simulator, and a relay killed part-way leaves
 * whole hours behind and the rest comes once, no GPU counted twice.
 */
class GroupedBackfillTest {

    private static final long HOUR = 3_600_000L;
    private static final Duration LOOK_BACK = Duration.ofDays(2);

    @TempDir
    Path grouped;

    @TempDir
    Path perGpu;

    private final long now = System.currentTimeMillis();
    private final InstantSource clock = () -> Instant.ofEpochMilli(now);
    private final List<AutoCloseable> open = new ArrayList<>();
    private SimulatorAgent agent;
    private RelayAgent relay1;
    private RelayAgent relay2;
    private int gpus;

    @BeforeEach
    void start() throws Exception {
        agent = SimulatorAgent.create(FleetShape.forGpus(128), 7, 1000, "", 30, clock)
                .start(loopback(0));
        open.add(agent);
        gpus = agent.simulator().inventory().nodes().stream()
                .mapToInt(n -> n.accelerators().size())
                .sum();
        relay1 = relay(agent.port(), 0, "relay-1");
        relay2 = relay(relay1.port(), 0, "relay-2");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private RelayAgent relay(int upstreamPort, int port, String name) throws Exception {
        RelayAgent relay = RelayAgent.start(
                List.of(new AgentEndpoint("127.0.0.1", upstreamPort)), loopback(port), 64, name, clock);
        open.add(relay);
        await().atMost(Duration.ofSeconds(30)).until(() -> relay.upstreams().online() == 1);
        return relay;
    }

    /** A console's store with the fleet's inventory in it, as after the first connect. */
    private LocalStore store(Path profile) throws Exception {
        LocalStore store = LocalStore.open(profile).store();
        open.add(store);
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        fleet.install(agent.simulator().inventory());
        CacheWriter writer = CacheWriter.start(store, fleet, CacheWriter.Settings.DEFAULTS);
        open.add(writer);
        writer.saveNow();
        return store;
    }

    private ManagedChannel channel(int port) {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(
                        "127.0.0.1", port, InsecureChannelCredentials.create())
                .build();
        open.add(channel::shutdownNow);
        return channel;
    }

    private static StoreHistoryArchive archive(LocalStore store) {
        return new StoreHistoryArchive(store, HistorySettings.DEFAULTS.withDayZone(ZoneOffset.UTC));
    }

    private BackfillProgress fill(
            HistoryArchive archive, Duration perAccelerator, int port, BackfillProgress.Phase end) {
        var progress = new BackfillProgress();
        var backfill = new HistoryBackfill(archive, progress, LOOK_BACK, perAccelerator, clock, "test");
        open.add(backfill);
        int before = progress.version();
        backfill.connected(new AgentEndpoint("127.0.0.1", port), channel(port));
        await().atMost(Duration.ofSeconds(90)).until(() -> progress.version() != before && progress.phase() == end);
        return progress;
    }

    private static Map<String, IdleCell> cells(LocalStore store, GroupBy by, long fromHour, long toHour)
            throws Exception {
        Map<String, IdleCell> cells = new TreeMap<>();
        for (IdleCell c : new RollupQueries(store, ZoneOffset.UTC)
                .idleByHour(by, Instant.ofEpochMilli(fromHour * HOUR), Instant.ofEpochMilli(toHour * HOUR))) {
            cells.put(c.group() + "@" + c.start(), c);
        }
        return cells;
    }

    private long recorded(LocalStore store, HistoryTier tier) throws Exception {
        try (Connection c = store.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM history_backfill WHERE tier = "
                        + (tier == HistoryTier.GROUP_HOUR ? 3 : 2))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void groupedThroughTwoRelaysReadsAsPerGpuStraightFromTheSimulator() throws Exception {
        LocalStore viaRelays = store(grouped);
        LocalStore direct = store(perGpu);
        fill(archive(viaRelays), Duration.ZERO, relay2.port(), BackfillProgress.Phase.DONE);
        fill(archive(direct), LOOK_BACK, agent.port(), BackfillProgress.Phase.DONE);

        long nowHour = now / HOUR;
        long first = nowHour - LOOK_BACK.toHours();
        assertThat(recorded(viaRelays, HistoryTier.HOUR))
                .as("no closed hour per GPU")
                .isZero();
        assertThat(recorded(viaRelays, HistoryTier.GROUP_HOUR)).isEqualTo(LOOK_BACK.toHours());
        for (GroupBy by : GroupBy.values()) {
            Map<String, IdleCell> a = cells(direct, by, first, nowHour);
            Map<String, IdleCell> b = cells(viaRelays, by, first, nowHour);
            assertThat(b.keySet()).as(by.name()).isEqualTo(a.keySet()).isNotEmpty();
            a.forEach((key, own) -> {
                IdleCell got = b.get(key);
                assertThat(got.accelerators()).as(key).isEqualTo(own.accelerators());
                assertThat(got.coveredMinutes()).as(key).isEqualTo(own.coveredMinutes());
                assertThat(got.idleFraction()).as(key).isCloseTo(own.idleFraction(), within(1e-3));
                assertThat(got.heldIdleFraction()).as(key).isCloseTo(own.heldIdleFraction(), within(1e-3));
                assertThat(got.utilizationPct()).as(key).isCloseTo(own.utilizationPct(), within(0.1));
            });
        }
        // Every GPU of every hour, once, in the whole-fleet figures the card-hours tile reads.
        Map<Instant, long[]> fleet = new TreeMap<>();
        for (IdleCell c : cells(viaRelays, GroupBy.HALL, first, nowHour - 1).values()) {
            long[] sum = fleet.computeIfAbsent(c.start(), h -> new long[2]);
            sum[0] += c.accelerators();
            sum[1] += c.coveredMinutes();
        }
        assertThat(fleet).hasSize((int) (nowHour - 1 - first));
        assertThat(fleet.values()).allSatisfy(sum -> assertThat(sum).containsExactly(gpus, gpus * 60L));
    }

    @Test
    void aRelayKilledPartWayLeavesWholeHoursAndTheRestComesOnce() throws Exception {
        LocalStore store = store(grouped);
        StoreHistoryArchive real = archive(store);
        var writes = new AtomicInteger();
        int port = relay2.port();
        HistoryArchive killing = new HistoryArchive() {
            @Override
            public long[] missing(String source, HistoryTier tier, long from, long to) throws ArchiveException {
                return real.missing(source, tier, from, to);
            }

            @Override
            public int write(String source, HistoryTier tier, long period, List<AcceleratorPeriod> rows)
                    throws ArchiveException {
                return real.write(source, tier, period, rows);
            }

            @Override
            public int writeGroups(String source, long hour, List<GroupPeriod> rows) throws ArchiveException {
                if (writes.incrementAndGet() == 10) {
                    relay2.kill(); // every connection to it cut at once, as a crash would
                }
                return real.writeGroups(source, hour, rows);
            }

            @Override
            public void settle(String source, HistoryTier tier, long from, long to) throws ArchiveException {
                real.settle(source, tier, from, to);
            }
        };
        fill(killing, Duration.ZERO, port, BackfillProgress.Phase.INTERRUPTED);
        long afterCut = recorded(store, HistoryTier.GROUP_HOUR);
        assertThat(afterCut).isBetween(10L, LOOK_BACK.toHours() - 1);

        relay2 = relay(relay1.port(), port, "relay-2"); // started again on its port
        fill(real, Duration.ZERO, port, BackfillProgress.Phase.DONE);
        long nowHour = now / HOUR;
        long first = nowHour - LOOK_BACK.toHours();
        assertThat(recorded(store, HistoryTier.GROUP_HOUR)).isEqualTo(LOOK_BACK.toHours());
        Map<Instant, long[]> fleet = new TreeMap<>();
        for (IdleCell c : cells(store, GroupBy.RACK, first, nowHour - 1).values()) {
            long[] sum = fleet.computeIfAbsent(c.start(), h -> new long[2]);
            sum[0] += c.accelerators();
            sum[1] += c.coveredMinutes();
        }
        assertThat(fleet).as("every hour").hasSize((int) (nowHour - 1 - first));
        assertThat(fleet.values())
                .as("each hour once: no GPU counted twice, no minute twice")
                .allSatisfy(sum -> assertThat(sum).containsExactly(gpus, gpus * 60L));
    }
}

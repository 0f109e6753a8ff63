package io.headroom.app.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.client.history.AgentNodeMinutes;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.Node;
import io.headroom.core.history.AcceleratorPeriod;
import io.headroom.core.history.HistoryTier;
import io.headroom.core.history.PastMinutes;
import io.headroom.store.LocalStore;
import io.headroom.store.cache.CacheWriter;
import io.headroom.store.history.HistorySettings;
import io.headroom.store.history.MinuteReadings;
import io.headroom.store.history.StoreHistoryArchive;
import io.headroom.views.node.NodePast;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server page opened five minutes into an hour on a console that has just started: the store
 * holds the open hour's five minutes (the backfill's), not the ten before; the agent that reports
 * the server is asked for those, for that server only, over real gRPC.
 */
class ServerPageMinutesFromAgentTest {

    @TempDir
    Path profile;

    private final long now = (System.currentTimeMillis() / 3_600_000L) * 3_600_000L - 3_600_000L + 5 * 60_000L + 20_000;
    private final long nowMinute = Math.floorDiv(now, 60_000L);
    private SimulatorAgent agent;
    private LocalStore store;
    private ManagedChannel channel;
    private Node node;
    private List<String> uuids;

    @BeforeEach
    void start() throws Exception {
        InstantSource clock = () -> Instant.ofEpochMilli(now);
        agent = SimulatorAgent.create(FleetShape.forGpus(64), 7, 1000, "", 30, clock)
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        store = LocalStore.open(profile).store();
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        fleet.install(agent.simulator().inventory());
        try (CacheWriter writer = CacheWriter.start(store, fleet, CacheWriter.Settings.DEFAULTS)) {
            writer.saveNow(); // the inventory
        }
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", agent.port(), InsecureChannelCredentials.create())
                .build();
        node = agent.simulator().inventory().nodes().get(3);
        uuids = new ArrayList<>();
        for (Accelerator a : node.accelerators()) {
            uuids.add(a.uuid());
            a.slices().forEach(s -> uuids.add(s.uuid()));
        }
        // The open hour's minutes, as the backfill stored them: 99 % everywhere, to tell them apart.
        var archive = new StoreHistoryArchive(store, HistorySettings.DEFAULTS.withDayZone(ZoneOffset.UTC));
        for (long m = nowMinute - 5; m < nowMinute; m++) {
            List<AcceleratorPeriod> rows = new ArrayList<>();
            uuids.forEach(u -> rows.add(new AcceleratorPeriod(u, 60, 0, 0, 0, 0, 0, 0, 99f, 600f, 70f)));
            archive.write("agent-a", HistoryTier.MINUTE, m, rows);
        }
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow();
        store.close();
        agent.close();
    }

    @Test
    void minutesTheStoreLacksComeFromTheServersAgentAndTheStoresStand() throws Exception {
        var past = new StoreNodePast(
                new MinuteReadings(store), new AgentNodeMinutes(host -> Optional.of(channel), "test")::read);

        PastMinutes minutes = past.minutes(node.hostname(), uuids, nowMinute - 15, nowMinute);

        for (long m = nowMinute - 15; m < nowMinute - 5; m++) {
            assertThat(minutes.kept(0, m))
                    .as("minute %d, from the agent", m - nowMinute)
                    .isTrue();
            assertThat(minutes.utilizationPct(0, m)).isNotEqualTo(99f);
        }
        for (long m = nowMinute - 5; m < nowMinute; m++) {
            assertThat(minutes.utilizationPct(0, m))
                    .as("the store's minute stands")
                    .isEqualTo(99f);
        }
    }

    @Test
    void withNoAgentForTheServerTheStoresMinutesAreAllThereIsAndTheRestStayGaps() throws Exception {
        var past = new StoreNodePast(
                new MinuteReadings(store), new AgentNodeMinutes(host -> Optional.empty(), "test")::read);

        PastMinutes minutes = past.minutes(node.hostname(), uuids, nowMinute - 15, nowMinute);

        assertThat(minutes.kept(0, nowMinute - 6)).isFalse();
        assertThat(minutes.utilizationPct(0, nowMinute - 6)).isNaN();
        assertThat(minutes.utilizationPct(0, nowMinute - 1)).isEqualTo(99f);
        assertThat(minutes.gaps()).isEqualTo(10 * uuids.size());
    }

    @Test
    void theAgentIsNotAskedWhenTheStoreHasEveryMinute() throws Exception {
        NodePast failing = (host, u, from, to) -> {
            throw new AssertionError("asked the agent");
        };
        PastMinutes minutes = new StoreNodePast(new MinuteReadings(store), failing)
                .minutes(node.hostname(), uuids, nowMinute - 5, nowMinute);

        assertThat(minutes.gaps()).isZero();
    }
}

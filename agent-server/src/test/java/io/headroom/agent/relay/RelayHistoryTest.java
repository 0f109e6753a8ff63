package io.headroom.agent.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.inprocess.InProcessChannelBuilder;
import io.headroom.agent.history.HistoryAgents;
import io.headroom.agent.history.HistoryQuery;
import io.headroom.agent.history.ScriptedFleet;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.Vendor;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryChunk;
import io.headroom.protocol.v1.HistoryGap;
import io.headroom.protocol.v1.HistoryGrouping;
import io.headroom.protocol.v1.HistoryResolution;
import io.headroom.protocol.v1.HistoryRow;
import io.headroom.wire.AgentEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two agents with history files and one that is down, behind a relay, behind another relay: one
 * call covers them all, the down one is a gap and never idle time.
 */
class RelayHistoryTest {

    static final long T0 = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    static final long HOUR = HistoryQuery.HOUR_MS;

    @TempDir
    Path east;

    @TempDir
    Path west;

    private final HistoryAgents agents = new HistoryAgents();

    @BeforeEach
    void twoAgentsOneDownAndTwoRelays() throws Exception {
        // Both agents' nodes stand in rack r1: the relay adds their rack rows into one.
        var eastFleet = new ScriptedFleet.Builder(60_000)
                .node("east-n0", "r1", "train", "acme", "NVIDIA H100 80GB HBM3", Vendor.NVIDIA, 2, false)
                .build()
                .play((uuid, t) -> ScriptedFleet.Reading.busy(60, 300, 50));
        var westFleet = new ScriptedFleet.Builder(60_000)
                .node("west-n0", "r1", "train", "acme", "NVIDIA H100 80GB HBM3", Vendor.NVIDIA, 1, false)
                .build()
                .play((uuid, t) -> ScriptedFleet.Reading.freeIdle(100, 40));
        agents.agent("east", eastFleet, east, T0).run(T0, T0 + 2 * HOUR + 60_000, 60_000);
        agents.agent("west", westFleet, west, T0).run(T0, T0 + 2 * HOUR + 60_000, 60_000);
        relay("hall", "east", "west", "south"); // nobody serves "south"
        relay("site", "hall");
    }

    @AfterEach
    void stop() throws Exception {
        agents.close();
    }

    private void relay(String name, String... upstreams) throws Exception {
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        var relay = new Relay(name, fleet, 64);
        List<AgentEndpoint> endpoints =
                Arrays.stream(upstreams).map(u -> new AgentEndpoint(u, 1)).toList();
        var options = relay.upstreamOptions(ClientOptions.defaults(name)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
                .withChannels(e -> InProcessChannelBuilder.forName(e.host()).build()));
        agents.keep(new FleetClient(
                        endpoints,
                        fleet,
                        new ConnectionBoard(
                                endpoints.stream().map(AgentEndpoint::toString).toList()),
                        options)
                .start());
        agents.serve(name, relay);
    }

    private static GetHistoryRequest hours(HistoryGrouping grouping) {
        return GetHistoryRequest.newBuilder()
                .setFromMs(T0)
                .setToMs(T0 + 2 * HOUR)
                .setResolution(HistoryResolution.HISTORY_RESOLUTION_HOUR)
                .setGrouping(grouping)
                .setClientId("test")
                .build();
    }

    private static List<HistoryRow> rows(List<HistoryChunk> chunks) {
        return chunks.stream().flatMap(c -> c.getRowsList().stream()).toList();
    }

    private static List<HistoryGap> gaps(List<HistoryChunk> chunks) {
        return chunks.stream().flatMap(c -> c.getGapsList().stream()).toList();
    }

    @Test
    void aRelayOfRelaysMergesBothAgentsInOrderAndNamesTheOneDown() {
        List<HistoryChunk> chunks = agents.ask("site", hours(HistoryGrouping.HISTORY_GROUPING_ACCELERATOR));
        assertThat(chunks.getLast().getLast()).isTrue();
        assertThat(chunks.getFirst().getServerId()).isEqualTo("site");
        List<HistoryRow> rows = rows(chunks);
        // hour 0 of the three GPUs (hour 1 is still open at the agents)
        assertThat(rows)
                .extracting(HistoryRow::getKey)
                .containsExactly("GPU-east-n0-0", "GPU-east-n0-1", "GPU-west-n0-0");
        assertThat(rows.get(2).getFreeIdleS()).isEqualTo(3600);

        List<HistoryGap> gaps = gaps(chunks);
        assertThat(gaps)
                .filteredOn(g -> g.getHostname().equals("south:1"))
                .singleElement()
                .satisfies(gap -> {
                    assertThat(gap.getFromMs()).isEqualTo(T0);
                    assertThat(gap.getToMs()).isEqualTo(T0 + 2 * HOUR);
                    assertThat(gap.getReason()).startsWith("agent unreachable (UNAVAILABLE");
                });
        // The agents' own gap for their open hour comes through both relays, by node.
        assertThat(gaps)
                .filteredOn(g -> g.getHostname().equals("east-n0"))
                .extracting(HistoryGap::getFromMs)
                .containsExactly(T0 + HOUR);
    }

    @Test
    void rowsOfOneRackFromTwoAgentsAreAddedIntoOne() {
        List<HistoryRow> racks = rows(agents.ask("site", hours(HistoryGrouping.HISTORY_GROUPING_RACK)));
        assertThat(racks).singleElement().satisfies(r1 -> {
            assertThat(r1.getKey()).isEqualTo("r1");
            assertThat(r1.getAccelerators()).isEqualTo(3);
            assertThat(r1.getBusyS()).isEqualTo(7200);
            assertThat(r1.getFreeIdleS()).isEqualTo(3600);
            assertThat(r1.getUncoveredS()).isZero(); // the down agent is a gap, not idle and not uncovered zeros
            assertThat(r1.getMeanPowerW())
                    .isCloseTo((300f * 2 + 100f) / 3, org.assertj.core.api.Assertions.within(0.01f));
        });
    }

    @Test
    void anUpstreamThatFallsSilentBecomesAGapAndTheOthersStillAnswer() throws Exception {
        agents.serveHistory("mute", (request, observer) -> {}); // takes the call, never answers
        agents.serveHistory(
                "quick",
                new io.headroom.agent.history.RelayHistory(
                        "quick",
                        () -> new java.util.TreeMap<>(
                                java.util.Map.of("east:1", agents.channel("east"), "mute:1", agents.channel("mute"))),
                        Duration.ofMillis(500)));
        List<HistoryChunk> chunks = agents.ask("quick", hours(HistoryGrouping.HISTORY_GROUPING_NODE));
        assertThat(rows(chunks)).extracting(HistoryRow::getKey).containsExactly("east-n0");
        assertThat(gaps(chunks))
                .filteredOn(g -> g.getHostname().equals("mute:1"))
                .singleElement()
                .satisfies(gap -> {
                    assertThat(gap.getFromMs()).isEqualTo(T0);
                    assertThat(gap.getReason()).isEqualTo("agent said nothing for 500 ms");
                });
    }
}

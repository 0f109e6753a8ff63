package io.headroom.views;

import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.AgentStatus;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.TestFleet;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * A believable fleet for screenshots, by default 10,240 GPUs: 2 halls x 8 rows x 20 racks x
 * 4 nodes x 8 H100s, mostly busy, with a tenant's racks held idle, a newly installed row free, a few
 * drained nodes and faulted GPUs, and one rack whose agent is down (stale).
 */
public final class WallFleet {

    public static final long NOW = 1_760_000_000_000L;

    private WallFleet() {}

    public static TestFleet build() {
        return build(2, 8, 20);
    }

    /** The same mix over any number of halls, rows per hall and racks per row (4 nodes of 8 GPUs a rack). */
    public static TestFleet build(int halls, int rows, int racksPerRow) {
        TestFleet fleet = TestFleet.of(halls, rows, racksPerRow, 4, 8, 25);
        Random random = new Random(42);
        int nodes = fleet.telemetry().layout().nodeCount();
        for (int node = 0; node < nodes; node++) {
            int rack = node / 4;
            int hall = rack / (rows * racksPerRow) % 2;
            int row = rack / racksPerRow % rows;
            int position = rack % racksPerRow;
            double draw = random.nextDouble();
            boolean reservedIdle = (hall == 0 && row == 2 && position >= 6 && position < 13)
                    || (hall == 1 && row == 5 && position < 5);
            boolean newRow = hall == 1 && row == 7 && position >= 8;
            if (hall == 1 && row == 2 && position == 14) {
                fleet.stale(node, NOW);
            } else if (reservedIdle && draw < 0.85) {
                fleet.heldIdle(node, NOW);
            } else if (newRow && draw < 0.9) {
                fleet.freeIdle(node, NOW);
            } else if (draw < 0.02) {
                fleet.drained(node, NOW);
            } else if (draw < 0.08) {
                fleet.heldIdle(node, NOW);
            } else if (draw < 0.17) {
                fleet.freeIdle(node, NOW);
            } else if (draw < 0.185) {
                fleet.faultedGpu(node, random.nextInt(8), NOW);
            } else {
                fleet.busy(node, NOW);
            }
        }
        return fleet;
    }

    /** Three relays, one of them (the stale rack's) refusing connections. */
    public static ConnectionBoard board() {
        List<String> endpoints = List.of("relay-h1.dc-sh1:7443", "relay-h2a.dc-sh1:7443", "relay-h2b.dc-sh1:7443");
        ConnectionBoard board = new ConnectionBoard(endpoints);
        board.update(
                new AgentStatus(endpoints.get(0), AgentHealth.ONLINE, "", null, Instant.ofEpochMilli(NOW - 300), 640));
        board.update(
                new AgentStatus(endpoints.get(1), AgentHealth.ONLINE, "", null, Instant.ofEpochMilli(NOW - 300), 600));
        board.update(new AgentStatus(
                endpoints.get(2),
                AgentHealth.UNREACHABLE,
                "connection refused",
                Instant.ofEpochMilli(NOW + 8_000),
                Instant.ofEpochMilli(NOW - 300_000),
                40));
        return board;
    }
}

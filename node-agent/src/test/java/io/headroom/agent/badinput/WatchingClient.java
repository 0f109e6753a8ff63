package io.headroom.agent.badinput;

import static org.awaitility.Awaitility.await;

import io.headroom.client.AgentConnection;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.wire.AgentEndpoint;
import java.time.Duration;
import java.util.List;

/**
 * A well-behaved console streaming from the agent under abuse, with the production client:
 * proof that the agent keeps serving other clients while one misbehaves.
 */
final class WatchingClient implements AutoCloseable {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final FleetClient client;
    private final ConnectionBoard board;
    private final AgentConnection connection;
    private long mark;
    private long boardVersionAtMark;

    WatchingClient(int port) {
        var endpoint = new AgentEndpoint("127.0.0.1", port);
        board = new ConnectionBoard(List.of(endpoint.toString()));
        client = new FleetClient(
                        List.of(endpoint),
                        new FleetState(IdleThresholds.DEFAULTS),
                        board,
                        ClientOptions.defaults("well-behaved-console")
                                .withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)))
                .start();
        connection = client.connections().getFirst();
        await("the well-behaved client's first batches").atMost(LIMIT).until(() -> connection.batchesReceived() >= 3);
    }

    /** Remembers where the stream is, before the abuse. */
    void mark() {
        mark = connection.batchesReceived();
        boardVersionAtMark = board.version();
    }

    /**
     * Counts the batches received since the mark.
     *
     * @return batches received since {@link #mark()}
     */
    long batchesSinceMark() {
        return connection.batchesReceived() - mark;
    }

    /** Waits for a few more batches and says how many came during the abuse and whether the stream broke. */
    String stillServed(int moreBatches) {
        long target = connection.batchesReceived() + moreBatches;
        await("the well-behaved client's stream to keep flowing")
                .atMost(LIMIT)
                .until(() -> connection.batchesReceived() >= target);
        return batchesSinceMark() + " batches during and after, " + (stayedOnline() ? "never cut" : "cut and resumed");
    }

    boolean stayedOnline() {
        // The board changes only when the connection goes down or comes back.
        return board.version() == boardVersionAtMark
                && board.statuses().getFirst().health() == AgentHealth.ONLINE;
    }

    @Override
    public void close() {
        client.close();
    }
}

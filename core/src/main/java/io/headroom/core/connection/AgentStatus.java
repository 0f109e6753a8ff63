package io.headroom.core.connection;

import java.time.Instant;

/**
 * How the console's link to one agent (or relay) stands, for the connection bar.
 *
 * @param lastError  what went wrong last, in words an operator can act on; empty when online
 * @param nextRetry  when the next attempt starts, or null when none is scheduled
 * @param lastBatch  when the last telemetry batch arrived, or null
 */
public record AgentStatus(
        String endpoint, AgentHealth health, String lastError, Instant nextRetry, Instant lastBatch, int nodes) {

    public static AgentStatus connecting(String endpoint) {
        return new AgentStatus(endpoint, AgentHealth.CONNECTING, "", null, null, 0);
    }
}

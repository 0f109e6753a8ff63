package io.headroom.core.connection;

public enum AgentHealth {
    /** First attempt under way. */
    CONNECTING,
    /** Inventory fetched and telemetry streaming. */
    ONLINE,
    /** The last attempt failed; another is scheduled. */
    UNREACHABLE
}

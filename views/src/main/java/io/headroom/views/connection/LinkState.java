package io.headroom.views.connection;

/** How the console's view of the fleet stands, taken over all configured agents. */
public enum LinkState {
    /** No agent answered yet and none has failed: the first attempts are under way. */
    CONNECTING,
    /** Every configured agent streams. */
    ONLINE,
    /** Some agents stream, some do not: part of the fleet shows old data. */
    DEGRADED,
    /** No agent streams: everything shown is old data. */
    OFFLINE
}

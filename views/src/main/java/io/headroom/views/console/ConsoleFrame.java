package io.headroom.views.console;

import io.headroom.core.connection.AgentStatus;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.FleetSummary;

import java.util.List;

/** What one refresh hands every view: the table read, its summary, the agents' links, and the instant judged at. */
record ConsoleFrame(FleetTelemetry telemetry, FleetSummary summary, List<AgentStatus> agents, long nowMillis) {}

package io.headroom.views.live;

import io.headroom.core.connection.AgentStatus;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.FleetSummary;
import java.util.List;

/**
 * One refresh of the fleet as every live page sees it: the table read, its summary, the
 * agents' links, and the instant the states were judged at. The summary's state array is
 * written again two frames later (the next summary is worked out on another thread while
 * pages still read this one), so a page reads it while handling the frame and keeps no
 * reference to it.
 */
public record FleetFrame(FleetTelemetry telemetry, FleetSummary summary, List<AgentStatus> agents, long nowMillis) {}

package io.headroom.views.live;

import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.FleetSummary;

/**
 * One refresh of the fleet as every live view sees it: the table read, its summary, and the
 * instant the states were judged at. The summary's state array is reused by the next frame,
 * so a view reads it while handling the frame and keeps no reference to it.
 */
public record FleetFrame(FleetTelemetry telemetry, FleetSummary summary, long nowMillis) {}

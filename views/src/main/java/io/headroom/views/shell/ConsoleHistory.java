package io.headroom.views.shell;

import io.headroom.views.history.IdleHistory;
import io.headroom.views.overview.CardHours;

import java.time.ZoneId;

/**
 * What the console knows of the past, as the app provides it from the local store: idle by
 * group and hour for the "Idle by hour" page, card-hours for the overview, and the zone whose
 * days the pages draw.
 */
public record ConsoleHistory(IdleHistory idleByHour, CardHours cardHours, ZoneId zone) {}

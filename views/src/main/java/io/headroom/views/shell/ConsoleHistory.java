package io.headroom.views.shell;

import io.headroom.core.history.BackfillProgress;
import io.headroom.views.history.IdleHistory;
import io.headroom.views.node.NodePast;
import io.headroom.views.overview.CardHours;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What the console knows of the past, as the app provides it from the local store: idle by
 * group and hour for the "Idle by hour" page, card-hours for the overview, the zone whose
 * days the pages draw, and the recent minutes a server page's sparklines begin with.
 */
public record ConsoleHistory(
        IdleHistory idleByHour, CardHours cardHours, ZoneId zone, BackfillProgress backfill, NodePast nodePast) {

    /** Nothing kept: no "Idle by hour" page and no card-hour figure. */
    public static final ConsoleHistory NONE =
            new ConsoleHistory((by, from, to) -> List.of(), CardHours.NONE, ZoneOffset.UTC);

    /** History from the store alone, filled from no agent. */
    public ConsoleHistory(IdleHistory idleByHour, CardHours cardHours, ZoneId zone) {
        this(idleByHour, cardHours, zone, new BackfillProgress(), NodePast.NONE);
    }

    /** As before the server page read its minutes: none for the sparklines. */
    public ConsoleHistory(IdleHistory idleByHour, CardHours cardHours, ZoneId zone, BackfillProgress backfill) {
        this(idleByHour, cardHours, zone, backfill, NodePast.NONE);
    }

    /** The same history, with the progress of filling it from the agents shown as it goes. */
    public ConsoleHistory filledBy(BackfillProgress progress) {
        return new ConsoleHistory(idleByHour, cardHours, zone, progress, nodePast);
    }

    /** The same history, with the minutes a server page's sparklines begin with. */
    public ConsoleHistory withNodePast(NodePast past) {
        return new ConsoleHistory(idleByHour, cardHours, zone, backfill, past);
    }
}

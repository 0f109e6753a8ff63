package io.headroom.views.history;

import java.time.Instant;
import java.util.List;

/**
 * Where the "Idle by hour" page reads idle capacity per group and hour: the app answers from
 * the local store's hourly rollups. Called on a background thread, never the FX thread.
 */
public interface IdleHistory {

    /** One cell per group with data and closed hour starting in [from, to). */
    List<IdleHour> idleByHour(Grouping by, Instant from, Instant to) throws Exception;
}

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

    /**
     * The cells, and what could not be read for them when the history comes from more than one place (the local
     * store and a site's TSDB): the page shows what there is and says what is missing.
     *
     * @param shortfall what could not be read, in words; null when nothing is missing
     */
    record Reading(List<IdleHour> hours, String shortfall) {}

    /** As {@link #idleByHour}, with what could not be read; a history read from one place has no shortfall. */
    default Reading read(Grouping by, Instant from, Instant to) throws Exception {
        return new Reading(idleByHour(by, from, to), null);
    }
}

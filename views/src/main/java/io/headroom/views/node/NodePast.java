package io.headroom.views.node;

import io.headroom.core.history.PastMinutes;
import java.util.List;

/**
 * Where the server page finds the minutes before it opened, so that its sparklines show the last
 * 15 minutes at once: the app answers from the local store's minutes (its own roll-ups and what
 * the backfill brought from the agents). Called on a background thread, never the FX thread.
 */
@FunctionalInterface
public interface NodePast {

    /** Nothing kept: the sparklines start with the page, as before. */
    NodePast NONE = (hostname, uuids, fromMinute, toMinute) -> PastMinutes.NONE;

    /** The minutes [fromMinute, toMinute), counted from the epoch, of these GPUs and slices of one server. */
    PastMinutes minutes(String hostname, List<String> uuids, long fromMinute, long toMinute) throws Exception;
}

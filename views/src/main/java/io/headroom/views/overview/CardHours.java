package io.headroom.views.overview;

import java.time.Instant;

/**
 * Where the overview gets card-hour utilization: the app answers from the local store's
 * rollups. Called on a background thread, about once a minute, never on the FX thread.
 */
@FunctionalInterface
public interface CardHours {

    /** Nothing kept: the tile says so. */
    CardHours NONE = now -> CardHourUtilization.UNKNOWN;

    CardHourUtilization at(Instant now) throws Exception;
}

package io.headroom.app.history;

import io.headroom.core.history.PastMinutes;
import io.headroom.store.history.MinuteReadings;
import io.headroom.views.node.NodePast;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server page's recent minutes: first the local store's (what the console rolled up itself and
 * what the backfill brought from the agents), then, for the minutes it lacks, the agent that
 * reports the server (a console that started a few minutes into an hour has that hour's minutes,
 * but the hour before only as a whole hour). Minutes neither kept stay gaps.
 */
public final class StoreNodePast implements NodePast {

    private static final Logger log = LoggerFactory.getLogger(StoreNodePast.class);

    private final MinuteReadings readings;
    private final NodePast agents;

    /** @param agents asked for what the store lacks; {@link NodePast#NONE} to ask no agent */
    public StoreNodePast(MinuteReadings readings, NodePast agents) {
        this.readings = readings;
        this.agents = agents;
    }

    // NONE is the one "no agents" sentinel: a lambda has no value equality to compare by
    @SuppressWarnings("ReferenceEquality")
    @Override
    public PastMinutes minutes(String hostname, List<String> uuids, long fromMinute, long toMinute) throws Exception {
        PastMinutes past = readings.read(uuids, fromMinute, toMinute);
        if (past.gaps() == 0 || agents == NodePast.NONE) {
            return past;
        }
        try {
            int filled = past.fillGapsFrom(agents.minutes(hostname, uuids, fromMinute, toMinute));
            log.debug("{}: {} accelerator-minutes not in the store came from its agent", hostname, filled);
        } catch (Exception e) {
            // The store's minutes still stand; the page counts the minutes it got.
            log.info("{}: the minutes the store lacks were not had from the agent: {}", hostname, e.getMessage());
        }
        return past;
    }
}

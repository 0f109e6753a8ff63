package io.headroom.app.history;

import io.headroom.views.history.Grouping;
import io.headroom.views.history.IdleHistory;
import io.headroom.views.history.IdleHour;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idle by hour from the site's TSDB in addition to the local store: the TSDB's hour where it has one (it saw the
 * fleet all along, the console only while it ran), the store's elsewhere. When one of them cannot be read the page
 * shows the other's hours and says what could not be read; only when neither can is the read a failure.
 */
public final class CombinedIdleHistory implements IdleHistory {

    private static final Logger log = LoggerFactory.getLogger(CombinedIdleHistory.class);

    private final IdleHistory store;
    private final IdleHistory tsdb;

    public CombinedIdleHistory(IdleHistory store, IdleHistory tsdb) {
        this.store = store;
        this.tsdb = tsdb;
    }

    @Override
    public List<IdleHour> idleByHour(Grouping by, Instant from, Instant to) throws Exception {
        return read(by, from, to).hours();
    }

    @Override
    public Reading read(Grouping by, Instant from, Instant to) throws Exception {
        List<IdleHour> fromTsdb = null;
        List<IdleHour> fromStore = null;
        Exception tsdbFailure = null;
        Exception storeFailure = null;
        try {
            fromTsdb = tsdb.idleByHour(by, from, to);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            tsdbFailure = e;
            log.warn("idle by hour: could not read the TSDB: {}", e.getMessage());
        }
        try {
            fromStore = store.idleByHour(by, from, to);
        } catch (Exception e) {
            storeFailure = e;
            log.warn("idle by hour: could not read the local store: {}", e.toString());
        }
        if (fromTsdb == null && fromStore == null) {
            throw tsdbFailure;
        }
        if (fromTsdb == null) {
            return new Reading(fromStore, "TSDB " + tsdbFailure.getMessage());
        }
        if (fromStore == null) {
            return new Reading(fromTsdb, "local store " + storeFailure.getMessage());
        }
        List<IdleHour> merged = new ArrayList<>(fromTsdb);
        Set<String> covered = new HashSet<>();
        for (IdleHour hour : fromTsdb) {
            covered.add(hour.group() + '\n' + hour.start());
        }
        for (IdleHour hour : fromStore) {
            if (!covered.contains(hour.group() + '\n' + hour.start())) {
                merged.add(hour);
            }
        }
        return new Reading(merged, null);
    }
}

package io.headroom.app.history;

import io.headroom.client.promql.IdleByHourQuery;
import io.headroom.client.promql.IdleHourRow;
import io.headroom.client.promql.PromqlClient;
import io.headroom.client.promql.PromqlFailure;
import io.headroom.views.history.Grouping;
import io.headroom.views.history.IdleHistory;
import io.headroom.views.history.IdleHour;
import java.time.Instant;
import java.util.List;

/**
 * Idle by hour from the site's Prometheus or VictoriaMetrics ({@code --prometheus}), through the series Headroom's
 * recording rules keep (deploy/prometheus). Called off the FX thread.
 */
public final class TsdbIdleHistory implements IdleHistory {

    private final IdleByHourQuery query;

    public TsdbIdleHistory(PromqlClient client) {
        this.query = new IdleByHourQuery(client);
    }

    @Override
    public List<IdleHour> idleByHour(Grouping by, Instant from, Instant to) throws PromqlFailure, InterruptedException {
        return query.read(IdleByHourQuery.By.valueOf(by.name()), from, to).stream()
                .map(TsdbIdleHistory::hour)
                .toList();
    }

    private static IdleHour hour(IdleHourRow row) {
        // GPU-hours with data in one hour: the mean number of GPUs the TSDB had a state for.
        return new IdleHour(
                row.group(), row.start(), row.idleShare(), row.heldIdleShare(), (int) Math.round(row.gpuHours()));
    }
}

package io.headroom.agent.simulated;

import io.grpc.stub.ServerCallStreamObserver;
import io.headroom.agent.history.FleetHistory;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryChunk;
import io.headroom.protocol.v1.HistoryGrouping;

/**
 * GetHistory on the simulator: per accelerator from {@link SimulatedHistory}, every other
 * grouping through the agents' own grouping over the same modelled past (the console's grouped
 * backfill, showback, reports): owner groupings (tenant, account, user) from rows that say who
 * held each GPU, node, model and vendor from rows that skip that work. Hall, rack and pool go
 * with the owner groupings: a console's backfill asks them together with tenant, and one
 * reading of the past makes all four (the agents' shared groupings), so they must reach the
 * same reader.
 */
record SimulatedFleetHistory(FleetHistory perAccelerator, FleetHistory grouped, FleetHistory byOwner)
        implements FleetHistory {

    @Override
    public void answer(GetHistoryRequest request, ServerCallStreamObserver<HistoryChunk> observer) {
        HistoryGrouping grouping = request.getGrouping();
        if (grouping == HistoryGrouping.HISTORY_GROUPING_ACCELERATOR
                || grouping == HistoryGrouping.HISTORY_GROUPING_UNSPECIFIED) {
            perAccelerator.answer(request, observer);
        } else if (grouping == HistoryGrouping.HISTORY_GROUPING_TENANT
                || grouping == HistoryGrouping.HISTORY_GROUPING_ACCOUNT
                || grouping == HistoryGrouping.HISTORY_GROUPING_USER
                || grouping == HistoryGrouping.HISTORY_GROUPING_HALL
                || grouping == HistoryGrouping.HISTORY_GROUPING_RACK
                || grouping == HistoryGrouping.HISTORY_GROUPING_POOL) {
            byOwner.answer(request, observer);
        } else {
            grouped.answer(request, observer);
        }
    }
}

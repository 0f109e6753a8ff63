package io.headroom.agent.simulated;

import io.grpc.stub.ServerCallStreamObserver;
import io.headroom.agent.history.FleetHistory;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryChunk;
import io.headroom.protocol.v1.HistoryGrouping;

/**
 * GetHistory on the simulator: per accelerator from {@link SimulatedHistory} (the console's
 * backfill, the path its benchmark measures), every other grouping through the agents' own
 * grouping over the same modelled past (showback, reports): owner groupings (tenant, account,
 * user) from rows that say who held each GPU, the others from rows that skip that work.
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
                || grouping == HistoryGrouping.HISTORY_GROUPING_USER) {
            byOwner.answer(request, observer);
        } else {
            grouped.answer(request, observer);
        }
    }
}

package io.headroom.agent.history;

import io.headroom.protocol.v1.HistoryRow;
import java.util.List;

/**
 * One period of one GPU or MIG slice (key = its UUID, hostname set, parent_uuid for a slice),
 * with who held it for how long: the input every grouping is made from.
 */
public record AcceleratorRow(HistoryRow row, List<OwnerSeconds> owners) {

    public AcceleratorRow {
        owners = List.copyOf(owners);
    }

    public boolean isSlice() {
        return !row.getParentUuid().isEmpty();
    }
}

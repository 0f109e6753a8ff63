package io.headroom.views.holders;

import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.workload.FleetWorkloads;
import io.headroom.core.workload.IdleHolder;
import io.headroom.core.workload.IdleHolders;
import io.headroom.views.Messages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Idle holders page without its controls: the workloads holding held-idle capacity, most
 * GPU-hours wasted first, as rows that live as long as their workload holds idle capacity.
 * Each refresh updates the rows in place; the list itself changes only when a holder comes,
 * goes or overtakes another. FX thread; no toolkit needed to test it.
 */
public final class IdleHoldersViewModel {

    private final FleetWorkloads workloads;
    private final IdleHolders ranking;
    private final Messages messages;
    private final ObservableList<HolderRow> rows = FXCollections.observableArrayList();
    private final Map<String, HolderRow> byId = new HashMap<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper("");

    public IdleHoldersViewModel(FleetWorkloads workloads, IdleClassifier classifier, Messages messages) {
        this.workloads = workloads;
        this.ranking = new IdleHolders(classifier);
        this.messages = messages;
    }

    /**
     * Takes one refresh.
     *
     * @return true when the list changed (a holder came, went or moved), not just its figures
     */
    public boolean update(FleetTelemetry telemetry, long nowMillis) {
        List<IdleHolder> ranked = ranking.rank(workloads, telemetry, nowMillis);
        List<HolderRow> next = new ArrayList<>(ranked.size());
        boolean sameOrder = ranked.size() == rows.size();
        Map<String, HolderRow> kept = new HashMap<>();
        int idleGpus = 0;
        double wasted = 0;
        for (IdleHolder holder : ranked) {
            HolderRow row = byId.get(holder.id());
            if (row == null) {
                row = new HolderRow(messages, holder, nowMillis);
            } else {
                row.refresh(holder, nowMillis);
            }
            sameOrder &= rows.size() > next.size() && rows.get(next.size()) == row;
            next.add(row);
            kept.put(holder.id(), row);
            idleGpus += holder.gpusIdle();
            wasted += holder.gpuHoursWasted();
        }
        byId.clear();
        byId.putAll(kept);
        summary.set(
                ranked.isEmpty()
                        ? ""
                        : messages.format("holders.summary", ranked.size(), idleGpus, messages.oneDecimal(wasted)));
        emptyText.set(messages.get(workloads.reported() ? "holders.empty" : "holders.not-reported"));
        if (!sameOrder) {
            rows.setAll(next);
        }
        return !sameOrder;
    }

    /** The holders, most GPU-hours wasted first. */
    public ObservableList<HolderRow> rows() {
        return rows;
    }

    /** "3 workloads hold 14 idle GPUs · 41.5 GPU-hours wasted"; empty when none does. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** What the empty table says: nobody holds idle capacity, or the agents do not say who holds anything. */
    public ReadOnlyStringProperty emptyTextProperty() {
        return emptyText.getReadOnlyProperty();
    }

    public FleetWorkloads workloads() {
        return workloads;
    }

    public IdleHolders ranking() {
        return ranking;
    }
}

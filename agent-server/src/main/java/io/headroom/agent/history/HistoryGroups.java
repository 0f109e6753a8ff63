package io.headroom.agent.history;

import io.headroom.core.fleet.Inventory;
import io.headroom.protocol.v1.HistoryGrouping;
import io.headroom.protocol.v1.HistoryRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One period's per-accelerator rows made into the rows of a grouping. Groups count whole GPUs:
 * a MIG slice appears only in ACCELERATOR rows. In owner groupings (tenant, account, user) a GPU
 * adds to each owner the time that owner held it, and the rest to "nobody" (empty key; for
 * TENANT the node's own tenant); energy and the means follow the time.
 */
public final class HistoryGroups {

    private final Placements placements;
    private final Placements.ByPosition inOrder;

    public HistoryGroups(Inventory inventory) {
        this.placements = new Placements(inventory);
        this.inOrder = placements.new ByPosition();
    }

    /** The rows of {@code grouping} for one period, in key order. */
    public List<HistoryRow> group(long periodStartMs, List<AcceleratorRow> rows, HistoryGrouping grouping) {
        return switch (grouping) {
            case HISTORY_GROUPING_ACCELERATOR, HISTORY_GROUPING_UNSPECIFIED, UNRECOGNIZED -> accelerators(rows);
            case HISTORY_GROUPING_NODE -> byPlace(periodStartMs, rows, (row, p) -> row.getHostname());
            case HISTORY_GROUPING_RACK -> byPlace(periodStartMs, rows, (row, p) -> p == null ? "" : p.rack());
            case HISTORY_GROUPING_HALL -> byPlace(periodStartMs, rows, (row, p) -> p == null ? "" : p.hall());
            case HISTORY_GROUPING_POOL -> byPlace(periodStartMs, rows, (row, p) -> p == null ? "" : p.pool());
            case HISTORY_GROUPING_MODEL -> byPlace(periodStartMs, rows, (row, p) -> p == null ? "" : p.model());
            case HISTORY_GROUPING_VENDOR -> byPlace(periodStartMs, rows, (row, p) -> p == null ? "" : p.vendor());
            case HISTORY_GROUPING_TENANT -> byOwner(periodStartMs, rows, OwnerSeconds::tenant, true);
            case HISTORY_GROUPING_ACCOUNT -> byOwner(periodStartMs, rows, OwnerSeconds::account, false);
            case HISTORY_GROUPING_USER -> byOwner(periodStartMs, rows, OwnerSeconds::user, false);
        };
    }

    private static List<HistoryRow> accelerators(List<AcceleratorRow> rows) {
        List<HistoryRow> out = new ArrayList<>(rows.size());
        for (AcceleratorRow row : rows) {
            out.add(row.row());
        }
        out.sort(Comparator.comparing(HistoryRow::getKey));
        return out;
    }

    private interface PlaceKey {
        String of(HistoryRow row, Placements.Placement placement);
    }

    private List<HistoryRow> byPlace(long periodStartMs, List<AcceleratorRow> rows, PlaceKey key) {
        Map<String, RowSum> groups = new TreeMap<>();
        for (int i = 0, n = rows.size(); i < n; i++) {
            AcceleratorRow row = rows.get(i);
            if (row.isSlice()) {
                continue;
            }
            String k = key.of(row.row(), inOrder.at(i, row.row().getKey()));
            groups.computeIfAbsent(k, x -> new RowSum()).add(row.row());
        }
        return rowsOf(periodStartMs, groups);
    }

    /**
     * Hall, rack, pool and tenant rows of one period at once, each as {@link #group} makes it, with
     * one look-up of each GPU's place for the four, found by the row's position when the period
     * before had the same GPU there (a month of 100,000 GPUs is 72 M GPU-hours), and halls, racks
     * and pools added up in arrays by their number.
     */
    public Map<HistoryGrouping, List<HistoryRow>> placesAndTenants(long periodStartMs, List<AcceleratorRow> rows) {
        RowSum[] halls = new RowSum[placements.halls().size()];
        RowSum[] racks = new RowSum[placements.racks().size()];
        RowSum[] pools = new RowSum[placements.pools().size()];
        Map<String, RowSum> tenants = new HashMap<>();
        for (int i = 0, n = rows.size(); i < n; i++) {
            AcceleratorRow accelerator = rows.get(i);
            if (accelerator.isSlice()) {
                continue;
            }
            HistoryRow row = accelerator.row();
            Placements.Placement p = inOrder.at(i, row.getKey());
            sum(halls, p == null ? 0 : p.hallNo()).add(row);
            sum(racks, p == null ? 0 : p.rackNo()).add(row);
            sum(pools, p == null ? 0 : p.poolNo()).add(row);
            String nodeTenant = p != null && p.hostname().equals(row.getHostname())
                    ? p.tenant()
                    : placements.nodeTenant(row.getHostname());
            addOwners(tenants, accelerator, OwnerSeconds::tenant, true, nodeTenant);
        }
        Map<HistoryGrouping, List<HistoryRow>> out = new java.util.EnumMap<>(HistoryGrouping.class);
        out.put(HistoryGrouping.HISTORY_GROUPING_HALL, rowsOf(periodStartMs, placements.halls(), halls));
        out.put(HistoryGrouping.HISTORY_GROUPING_RACK, rowsOf(periodStartMs, placements.racks(), racks));
        out.put(HistoryGrouping.HISTORY_GROUPING_POOL, rowsOf(periodStartMs, placements.pools(), pools));
        out.put(HistoryGrouping.HISTORY_GROUPING_TENANT, rowsOf(periodStartMs, new TreeMap<>(tenants)));
        return out;
    }

    private static RowSum sum(RowSum[] sums, int number) {
        RowSum sum = sums[number];
        if (sum == null) {
            sum = new RowSum();
            sums[number] = sum;
        }
        return sum;
    }

    /** The groups that had a GPU this period, in the names' (key) order. */
    private static List<HistoryRow> rowsOf(long periodStartMs, List<String> names, RowSum[] sums) {
        List<HistoryRow> out = new ArrayList<>();
        for (int i = 0; i < sums.length; i++) {
            if (sums[i] != null) {
                out.add(sums[i].toRow(periodStartMs, names.get(i)));
            }
        }
        return out;
    }

    private List<HistoryRow> byOwner(
            long periodStartMs, List<AcceleratorRow> rows, Function<OwnerSeconds, String> key, boolean tenant) {
        Map<String, RowSum> groups = new TreeMap<>();
        for (AcceleratorRow accelerator : rows) {
            if (accelerator.isSlice()) {
                continue;
            }
            addOwners(
                    groups,
                    accelerator,
                    key,
                    tenant,
                    tenant ? placements.nodeTenant(accelerator.row().getHostname()) : "");
        }
        return rowsOf(periodStartMs, groups);
    }

    /** One GPU's period split among its owners, the rest to nobody ({@code nodeTenant} in TENANT). */
    private static void addOwners(
            Map<String, RowSum> groups,
            AcceleratorRow accelerator,
            Function<OwnerSeconds, String> key,
            boolean tenant,
            String nodeTenant) {
        HistoryRow row = accelerator.row();
        long busy = row.getBusyS();
        long held = row.getHeldIdleS();
        long free = row.getFreeIdleS();
        long drained = row.getDrainedS();
        long faulted = row.getFaultedS();
        long unknown = row.getUnknownS();
        List<String> counted = new ArrayList<>(2);
        for (OwnerSeconds owner : accelerator.owners()) {
            String k = key.apply(owner);
            if (tenant && k.isEmpty()) {
                k = nodeTenant;
            }
            boolean first = !counted.contains(k);
            if (first) {
                counted.add(k);
            }
            groups.computeIfAbsent(k, x -> new RowSum())
                    .addPart(
                            row,
                            first,
                            owner.busyS(),
                            owner.heldIdleS(),
                            owner.freeIdleS(),
                            owner.drainedS(),
                            owner.faultedS(),
                            owner.unknownS(),
                            0);
            busy -= owner.busyS();
            held -= owner.heldIdleS();
            free -= owner.freeIdleS();
            drained -= owner.drainedS();
            faulted -= owner.faultedS();
            unknown -= owner.unknownS();
        }
        long rest = Math.max(0, busy)
                + Math.max(0, held)
                + Math.max(0, free)
                + Math.max(0, drained)
                + Math.max(0, faulted)
                + Math.max(0, unknown)
                + row.getUncoveredS();
        if (rest > 0 || accelerator.owners().isEmpty()) {
            String nobody = tenant ? nodeTenant : "";
            groups.computeIfAbsent(nobody, x -> new RowSum())
                    .addPart(
                            row,
                            !counted.contains(nobody),
                            Math.max(0, busy),
                            Math.max(0, held),
                            Math.max(0, free),
                            Math.max(0, drained),
                            Math.max(0, faulted),
                            Math.max(0, unknown),
                            row.getUncoveredS());
        }
    }

    private static List<HistoryRow> rowsOf(long periodStartMs, Map<String, RowSum> groups) {
        List<HistoryRow> out = new ArrayList<>(groups.size());
        groups.forEach((k, sum) -> out.add(sum.toRow(periodStartMs, k)));
        return out;
    }
}

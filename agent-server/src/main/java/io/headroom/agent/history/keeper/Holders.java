package io.headroom.agent.history.keeper;

import io.headroom.agent.workloads.WorkloadBook;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import java.util.HashMap;
import java.util.Map;

/**
 * Who holds each slot, from the served workload book, read again only when the book's version
 * moves. Where two workloads claim one GPU the first by id counts (the table is sorted by id).
 */
final class Holders {

    private long version = -1;
    private FleetLayout layout;
    private Owner[] bySlot = new Owner[0];

    Owner[] of(WorkloadBook book, FleetLayout current) {
        long at = book.version();
        if (at == version && current == layout) {
            return bySlot;
        }
        Map<String, Owner> byHolding = new HashMap<>();
        for (Workload w : book.table("").getWorkloadsList()) {
            // A pod has no Slurm account: the protocol's ACCOUNT grouping is its namespace, as is its tenant when
            // unset.
            String tenant = w.getTenant().isEmpty() ? w.getNamespace() : w.getTenant();
            String account = w.getAccount().isEmpty() ? w.getNamespace() : w.getAccount();
            var owner = new Owner(w.getUser(), account, tenant);
            for (Holding h : w.getHoldingsList()) {
                byHolding.putIfAbsent(
                        key(h.getHostname(), h.getGpuIndex(), h.hasGpuInstanceId() ? h.getGpuInstanceId() : -1), owner);
            }
        }
        Owner[] owners = new Owner[current.slotCount()];
        for (int slot = 0; slot < owners.length; slot++) {
            String host = current.node(current.nodeOfSlot(slot)).hostname();
            int index = current.accelerator(slot).index();
            int instance = current.isSlice(slot) ? current.slice(slot).gpuInstanceId() : -1;
            owners[slot] = byHolding.get(key(host, index, instance));
        }
        version = at;
        layout = current;
        bySlot = owners;
        return owners;
    }

    private static String key(String hostname, int gpuIndex, int instance) {
        return hostname + '\u0000' + gpuIndex + '\u0000' + instance;
    }
}

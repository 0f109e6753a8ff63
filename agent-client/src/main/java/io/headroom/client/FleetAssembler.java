package io.headroom.client;

import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.Inventory;
import io.headroom.wire.AgentEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Merges the inventories of every connected agent into the one the console shows. When
 * many agents connect at once (a console starting against 1,000 endpoints) the merges are
 * coalesced: at most one rebuild of the fleet layout per {@value #COALESCE_MILLIS} ms.
 */
final class FleetAssembler {

    static final long COALESCE_MILLIS = 100;

    private final FleetState fleet;
    private final ScheduledExecutorService scheduler;
    private final Map<AgentEndpoint, Inventory> byEndpoint = new LinkedHashMap<>();
    private CompletableFuture<Void> nextInstall;
    private long version;

    FleetAssembler(List<AgentEndpoint> endpoints, FleetState fleet, ScheduledExecutorService scheduler) {
        this.fleet = fleet;
        this.scheduler = scheduler;
        for (AgentEndpoint endpoint : endpoints) {
            byEndpoint.put(endpoint, Inventory.EMPTY); // keeps configuration order in the merge
        }
    }

    /**
     * Takes an agent's inventory into the merge.
     *
     * @return completes once the fleet state has a layout that includes it: a stream must not
     *         open before, or its first batches (a snapshot of every node) would find no slots
     */
    synchronized CompletableFuture<Void> update(AgentEndpoint endpoint, Inventory inventory) {
        byEndpoint.put(endpoint, inventory);
        if (nextInstall == null) {
            nextInstall = new CompletableFuture<>();
            // Never cancelled, and install() reports its own outcome through nextInstall.
            var unusedInstall = scheduler.schedule(this::install, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
        }
        return nextInstall;
    }

    /** Which agent reported this node, if any. */
    synchronized java.util.Optional<AgentEndpoint> endpointOf(String hostname) {
        for (Map.Entry<AgentEndpoint, Inventory> entry : byEndpoint.entrySet()) {
            for (var node : entry.getValue().nodes()) {
                if (node.hostname().equals(hostname)) {
                    return java.util.Optional.of(entry.getKey());
                }
            }
        }
        return java.util.Optional.empty();
    }

    private void install() {
        Inventory merged;
        CompletableFuture<Void> done;
        synchronized (this) {
            done = nextInstall;
            nextInstall = null;
            merged = Inventory.merge("console", ++version, new ArrayList<>(byEndpoint.values()));
        }
        try {
            fleet.install(merged);
            done.complete(null);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }
}

package io.headroom.agent.simulator;

import io.headroom.core.fleet.SchedulerState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What operators set on nodes: pool and tenant, drain with its reason, and the generation
 * that every such change bumps. Pools are registered as they are first named, so an
 * operator may move a node into a pool the simulator has never heard of.
 */
final class NodeAdmin {

    private static final int NEVER = Integer.MAX_VALUE;

    private final long seed;
    private final FleetTopology topology;
    private final List<String> poolNames = new ArrayList<>();
    private final List<PoolWorkload> poolWorkloads = new ArrayList<>();
    private int[][] poolNodes = new int[0][];
    private boolean[] poolHasMig = new boolean[0];

    private final int[] nodePool;
    private final String[] tenant;
    private final boolean[] drained;
    private final String[] drainReason;
    private final long[] generation;
    private final int[] drainReleaseMinute;

    NodeAdmin(long seed, FleetTopology topology) {
        this.seed = seed;
        this.topology = topology;
        int nodes = topology.nodeCount();
        nodePool = new int[nodes];
        tenant = topology.initialTenant.clone();
        drained = new boolean[nodes];
        drainReason = new String[nodes];
        generation = new long[nodes];
        drainReleaseMinute = new int[nodes];
        Arrays.fill(drainReason, "");
        Arrays.fill(generation, 1);
        Arrays.fill(drainReleaseMinute, NEVER);
        for (int n = 0; n < nodes; n++) {
            nodePool[n] = poolIndex(topology.initialPool[n]);
        }
        rebuildPools();
    }

    int poolCount() {
        return poolNames.size();
    }

    String poolName(int pool) {
        return poolNames.get(pool);
    }

    PoolWorkload poolWorkload(int pool) {
        return poolWorkloads.get(pool);
    }

    int[] poolNodes(int pool) {
        return poolNodes[pool];
    }

    boolean poolHasMig(int pool) {
        return poolHasMig[pool];
    }

    int pool(int node) {
        return nodePool[node];
    }

    String tenant(int node) {
        return tenant[node];
    }

    boolean drained(int node) {
        return drained[node];
    }

    String drainReason(int node) {
        return drainReason[node];
    }

    long generation(int node) {
        return generation[node];
    }

    /** From this minute on the node's remaining jobs are off it; {@code NEVER} when not draining. */
    int drainReleaseMinute(int node) {
        return drainReleaseMinute[node];
    }

    /**
     * Stops new work on the node. Its jobs are checkpointed and requeued elsewhere within a
     * few minutes, as a site does when a card must come out.
     *
     * @return false when it was already drained or draining
     */
    boolean drain(int node, String reason, int minute) {
        if (drained[node]) {
            return false;
        }
        drained[node] = true;
        drainReason[node] = reason == null ? "" : reason;
        generation[node]++;
        drainReleaseMinute[node] =
                minute + 2 + SimHash.below(SimHash.hash(seed, 0x6472_6169L, node, generation[node]), 7);
        return true;
    }

    /**
     * Resumes a drained node.
     *
     * @return false when the node was not drained
     */
    boolean resume(int node) {
        if (!drained[node]) {
            return false;
        }
        drained[node] = false;
        drainReason[node] = "";
        drainReleaseMinute[node] = NEVER;
        generation[node]++;
        return true;
    }

    /**
     * Moves a node to another pool or tenant.
     *
     * @return false when nothing changed
     */
    boolean reassign(int node, String pool, String newTenant) {
        boolean poolChanges = pool != null && !pool.equals(poolNames.get(nodePool[node]));
        boolean tenantChanges = newTenant != null && !newTenant.equals(tenant[node]);
        if (!poolChanges && !tenantChanges) {
            return false;
        }
        if (poolChanges) {
            nodePool[node] = poolIndex(pool);
            rebuildPools();
        }
        if (tenantChanges) {
            tenant[node] = newTenant;
        }
        generation[node]++;
        return true;
    }

    /** What the scheduler reports, given how many of the node's units hold a job. */
    SchedulerState state(int node, int allocatedUnits) {
        if (drained[node]) {
            return allocatedUnits > 0 ? SchedulerState.DRAINING : SchedulerState.DRAINED;
        }
        if (allocatedUnits == 0) {
            return SchedulerState.IDLE;
        }
        return allocatedUnits >= topology.unitCount(node) ? SchedulerState.ALLOCATED : SchedulerState.MIXED;
    }

    private int poolIndex(String name) {
        int index = poolNames.indexOf(name);
        if (index >= 0) {
            return index;
        }
        poolNames.add(name);
        poolWorkloads.add(PoolWorkload.forPool(name));
        return poolNames.size() - 1;
    }

    private void rebuildPools() {
        int pools = poolNames.size();
        int[] sizes = new int[pools];
        for (int pool : nodePool) {
            sizes[pool]++;
        }
        poolNodes = new int[pools][];
        poolHasMig = new boolean[pools];
        for (int p = 0; p < pools; p++) {
            poolNodes[p] = new int[sizes[p]];
        }
        int[] filled = new int[pools];
        for (int n = 0; n < nodePool.length; n++) {
            int p = nodePool[n];
            poolNodes[p][filled[p]++] = n;
            poolHasMig[p] |= topology.nodeMig[n];
        }
    }
}

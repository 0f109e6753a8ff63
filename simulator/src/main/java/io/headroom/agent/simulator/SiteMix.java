package io.headroom.agent.simulator;

/** What a simulated site is made of. */
public enum SiteMix {
    /** NVIDIA only: H100, H200, A100 and L40S racks. */
    NVIDIA,
    /**
     * A heterogeneous compute centre: the last hall of Ascend 910B servers (8 per node), and in
     * the other halls racks of Hygon K100 and Cambricon MLU370 and a few of Kunlunxin R300 among
     * the NVIDIA racks. A fleet of one hall gets its share of Ascend racks among the others.
     */
    MIXED
}

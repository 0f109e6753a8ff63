package io.headroom.agent.simulator;

/**
 * Air at each rack's front: a hall's own setpoint, warmer at the ends of a row where hot air
 * wraps round the aisle containment, a little warmer in the afternoon and next to busy
 * racks, and much warmer while the rack runs hot. Normally 18 to 26 C.
 */
final class RackClimate {

    /** How much a rack's air warms per kW it dissipates, at the fan speeds of a loaded rack. */
    static final float OUTLET_RISE_PER_KW = 0.3f;

    private static final float SETPOINT_C = 20f;
    private static final float ROW_END_C = 0.8f;
    private static final float AFTERNOON_C = 0.8f;
    private static final float BUSY_NEIGHBOURHOOD_C = 2.0f;

    private final float[] baseInletC;

    RackClimate(long seed, FleetTopology topology) {
        baseInletC = new float[topology.rackCount()];
        for (int r = 0; r < baseInletC.length; r++) {
            float hall = SimHash.lane(SimHash.hash(seed, 0x6861_6C6CL, topology.rackHall[r]), 0) * 1.6f - 0.8f;
            float rack = SimHash.lane(SimHash.hash(seed, 0x7261_636BL, r), 0) * 1.2f - 0.6f;
            baseInletC[r] = SETPOINT_C + hall + rack + (topology.rackAtRowEnd[r] ? ROW_END_C : 0f);
        }
    }

    /**
     * @param busyShare by rack, the share of its capacity allocated
     * @param heatC     by rack, extra heat from an incident
     */
    void inlets(long timeMillis, long tickSeed, float[] busyShare, float[] heatC, float[] inletC) {
        float afternoon = (float) (AFTERNOON_C * Math.cos(2 * Math.PI * (LoadCurve.localHour(timeMillis) - 15) / 24));
        for (int r = 0; r < inletC.length; r++) {
            float noise = SimHash.lane(SimHash.mix(tickSeed ^ (0x636C_696DL + r)), 0) * 0.3f - 0.15f;
            inletC[r] = roundTenth(baseInletC[r] + afternoon + BUSY_NEIGHBOURHOOD_C * busyShare[r] + heatC[r] + noise);
        }
    }

    static float roundTenth(float value) {
        return Math.round(value * 10f) / 10f;
    }
}

package io.headroom.store.history;

import java.util.Arrays;

/**
 * Adds up finer blocks (minutes, or hours) of one block number into one coarser block,
 * weighting every figure by the minutes it covers, so an hour with ten minutes of data
 * counts a sixth as much as a full one.
 */
final class BlockSums {

    private final int[] covered = new int[RollupBlock.SIZE];
    private final double[] utilizationSum = new double[RollupBlock.SIZE];
    private final int[] utilizationMinutes = new int[RollupBlock.SIZE];
    private final double[] idleSum = new double[RollupBlock.SIZE];
    private final double[] heldSum = new double[RollupBlock.SIZE];
    private final double[] powerSum = new double[RollupBlock.SIZE];
    private final int[] powerMinutes = new int[RollupBlock.SIZE];
    private final float[] maxTemp = new float[RollupBlock.SIZE];
    private final int[] lastState = new int[RollupBlock.SIZE];

    BlockSums() {
        Arrays.fill(maxTemp, Float.NaN);
        Arrays.fill(lastState, -1);
    }

    /** Add blocks in time order: the last state seen wins. */
    void add(RollupBlock block) {
        for (int e = 0; e < RollupBlock.SIZE; e++) {
            int minutes = block.covered(e);
            if (minutes == 0) {
                continue;
            }
            covered[e] += minutes;
            idleSum[e] += block.idleShare(e) * minutes;
            heldSum[e] += block.heldShare(e) * minutes;
            float u = block.utilizationPct(e);
            if (!Float.isNaN(u)) {
                utilizationSum[e] += u * minutes;
                utilizationMinutes[e] += minutes;
            }
            float p = block.powerW(e);
            if (!Float.isNaN(p)) {
                powerSum[e] += p * minutes;
                powerMinutes[e] += minutes;
            }
            float t = block.maxTempC(e);
            if (!Float.isNaN(t) && (Float.isNaN(maxTemp[e]) || t > maxTemp[e])) {
                maxTemp[e] = t;
            }
            if (block.lastState(e) >= 0) {
                lastState[e] = block.lastState(e);
            }
        }
    }

    RollupBlock toBlock() {
        RollupBlock block = new RollupBlock();
        for (int e = 0; e < RollupBlock.SIZE; e++) {
            int minutes = covered[e];
            if (minutes == 0) {
                continue;
            }
            block.set(
                    e,
                    Math.min(minutes, Short.MAX_VALUE),
                    utilizationMinutes[e] == 0 ? Float.NaN : (float) (utilizationSum[e] / utilizationMinutes[e]),
                    (float) (idleSum[e] / minutes),
                    (float) (heldSum[e] / minutes),
                    powerMinutes[e] == 0 ? Float.NaN : (float) (powerSum[e] / powerMinutes[e]),
                    maxTemp[e],
                    lastState[e]);
        }
        return block;
    }
}

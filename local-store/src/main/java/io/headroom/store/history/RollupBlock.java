package io.headroom.store.history;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One period's figures (a minute, an hour or a day) for {@value #SIZE} consecutive
 * accelerator numbers, packed column by column so that runs of "no data" and of equal
 * states compress and a whole fleet's minute is a hundred rows, not a hundred thousand.
 *
 * <p>Nine bytes per accelerator: minutes covered (2), utilization in half percents (1),
 * idle and held-idle shares in 1/200ths (1 + 1), mean power in W (2), hottest temperature
 * in whole °C (1), last state (1). The precision is what a heatmap can show.
 */
final class RollupBlock {

    static final int SIZE = 1024;
    static final int NONE = 255; // utilization, idle, held, state: unsigned bytes
    static final short NO_POWER = -1;
    static final byte NO_TEMP = Byte.MIN_VALUE;
    private static final byte FORMAT = 1;

    final short[] coveredMinutes = new short[SIZE];
    final byte[] utilization = new byte[SIZE];
    final byte[] idle = new byte[SIZE];
    final byte[] held = new byte[SIZE];
    final short[] powerW = new short[SIZE];
    final byte[] maxTempC = new byte[SIZE];
    final byte[] state = new byte[SIZE];

    RollupBlock() {
        Arrays.fill(utilization, (byte) NONE);
        Arrays.fill(idle, (byte) NONE);
        Arrays.fill(held, (byte) NONE);
        Arrays.fill(powerW, NO_POWER);
        Arrays.fill(maxTempC, NO_TEMP);
        Arrays.fill(state, (byte) NONE);
    }

    static int blockOf(int accelNo) {
        return accelNo / SIZE;
    }

    /** Coverage is capped at what a short holds: a day is 1,440 minutes. */
    void set(
            int entry,
            int minutes,
            float utilizationPct,
            float idleShare,
            float heldShare,
            float meanPowerW,
            float hottestC,
            int lastState) {
        coveredMinutes[entry] = (short) minutes;
        utilization[entry] =
                Float.isNaN(utilizationPct) ? (byte) NONE : (byte) Math.round(clamp(utilizationPct, 0, 100) * 2);
        idle[entry] = (byte) Math.round(clamp(idleShare, 0, 1) * 200);
        held[entry] = (byte) Math.round(clamp(heldShare, 0, 1) * 200);
        powerW[entry] = Float.isNaN(meanPowerW) ? NO_POWER : (short) Math.round(clamp(meanPowerW, 0, Short.MAX_VALUE));
        maxTempC[entry] = Float.isNaN(hottestC) ? NO_TEMP : (byte) Math.round(clamp(hottestC, -127, 127));
        state[entry] = (byte) (lastState < 0 ? NONE : lastState);
    }

    int covered(int entry) {
        return coveredMinutes[entry];
    }

    /** Utilization %, or NaN. */
    float utilizationPct(int entry) {
        int u = utilization[entry] & 0xFF;
        return u == NONE ? Float.NaN : u / 2f;
    }

    float idleShare(int entry) {
        int v = idle[entry] & 0xFF;
        return v == NONE ? 0 : v / 200f;
    }

    float heldShare(int entry) {
        int v = held[entry] & 0xFF;
        return v == NONE ? 0 : v / 200f;
    }

    float powerW(int entry) {
        return powerW[entry] == NO_POWER ? Float.NaN : powerW[entry];
    }

    float maxTempC(int entry) {
        return maxTempC[entry] == NO_TEMP ? Float.NaN : maxTempC[entry];
    }

    /** The {@link io.headroom.core.idle.IdleState} ordinal at the end of the period, or -1. */
    int lastState(int entry) {
        int s = state[entry] & 0xFF;
        return s == NONE ? -1 : s;
    }

    boolean isEmpty() {
        for (short minutes : coveredMinutes) {
            if (minutes != 0) {
                return false;
            }
        }
        return true;
    }

    byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(1 + 9 * SIZE);
        out.put(FORMAT);
        out.asShortBuffer().put(coveredMinutes);
        out.position(out.position() + 2 * SIZE);
        out.put(utilization).put(idle).put(held);
        out.asShortBuffer().put(powerW);
        out.position(out.position() + 2 * SIZE);
        out.put(maxTempC).put(state);
        return out.array();
    }

    static RollupBlock decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte format = in.get();
        if (format != FORMAT || bytes.length != 1 + 9 * SIZE) {
            throw new IllegalArgumentException(
                    "not a rollup block (format " + format + ", " + bytes.length + " bytes)");
        }
        RollupBlock block = new RollupBlock();
        in.asShortBuffer().get(block.coveredMinutes);
        in.position(in.position() + 2 * SIZE);
        in.get(block.utilization).get(block.idle).get(block.held);
        in.asShortBuffer().get(block.powerW);
        in.position(in.position() + 2 * SIZE);
        in.get(block.maxTempC).get(block.state);
        return block;
    }

    private static float clamp(float value, float min, float max) {
        return Math.max(min, Math.min(max, value));
    }
}

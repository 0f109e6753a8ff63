package io.headroom.store.history;

import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the live fleet into per-accelerator minutes. Called on the cache writer's thread
 * every second or so: it looks at every slot, counts each new sample once (by its sample
 * time) into primitive arrays indexed by accelerator number, and when the clock passes a
 * minute, packs that minute into {@link RollupBlock}s waiting to be written.
 *
 * <p>Idle means what the console shows: the {@link IdleClassifier}'s held-idle or free-idle
 * for that sample. A minute without a fresh sample has no data (not "idle"); a restored or
 * stale value is never counted.
 */
public final class HistoryRecorder {

    /** A sample older than this when first seen is a replay or a restore, not news. */
    private static final long FRESH_MILLIS = 60_000;
    /** Closed minutes kept while the disk refuses them; older ones are dropped. */
    private static final int MAX_PENDING_MINUTES = 10;

    private final IdleClassifier classifier;
    private long minute = Long.MIN_VALUE;
    private long[] lastSeen = new long[0];
    private short[] samples = new short[0];
    private short[] idle = new short[0];
    private short[] held = new short[0];
    private float[] utilizationSum = new float[0];
    private short[] utilizationCount = new short[0];
    private float[] powerSum = new float[0];
    private short[] powerCount = new short[0];
    private float[] hottest = new float[0];
    private byte[] state = new byte[0];
    private int highest = -1;
    private final Deque<ClosedMinute> pending = new ArrayDeque<>();
    private long droppedMinutes;

    /** One closed minute, ready to write: its blocks by block number. */
    record ClosedMinute(int period, Map<Integer, RollupBlock> blocks) {}

    public HistoryRecorder(IdleClassifier classifier) {
        this.classifier = classifier;
    }

    /**
     * Counts the fresh samples in {@code telemetry}. {@code accelOfSlot[slot]} is the slot's
     * accelerator number. Closes the previous minute first when {@code nowMillis} is in a new one.
     */
    public void observe(FleetTelemetry telemetry, int[] accelOfSlot, long nowMillis) {
        long nowMinute = Math.floorDiv(nowMillis, 60_000L);
        if (nowMinute != minute) {
            closeMinute();
            minute = nowMinute;
        }
        telemetry.version(); // a volatile read: the writers' published values are visible from here on
        int slots = telemetry.layout().slotCount();
        for (int slot = 0; slot < slots; slot++) {
            int no = accelOfSlot[slot];
            ensureCapacity(no);
            long sampled = telemetry.sampleTime(slot);
            if (sampled <= lastSeen[no]) {
                continue;
            }
            lastSeen[no] = sampled;
            if (nowMillis - sampled > FRESH_MILLIS) {
                continue;
            }
            count(telemetry, slot, no, nowMillis);
        }
    }

    /** Marks what {@code telemetry} holds now as already seen, e.g. values just restored from the cache. */
    public void markSeen(FleetTelemetry telemetry, int[] accelOfSlot) {
        for (int slot = 0; slot < telemetry.layout().slotCount(); slot++) {
            int no = accelOfSlot[slot];
            ensureCapacity(no);
            lastSeen[no] = Math.max(lastSeen[no], telemetry.sampleTime(slot));
        }
    }

    // idle state stored as one byte per GPU in the flat history block, every observation
    @SuppressWarnings("EnumOrdinal")
    private void count(FleetTelemetry telemetry, int slot, int no, long nowMillis) {
        IdleState s = classifier.classify(telemetry, slot, nowMillis);
        if (samples[no] < Short.MAX_VALUE) {
            samples[no]++;
            if (s.isIdle()) {
                idle[no]++;
            }
            if (s == IdleState.HELD_IDLE) {
                held[no]++;
            }
            float activity = telemetry.activityPct(slot);
            if (!Float.isNaN(activity)) {
                utilizationSum[no] += activity;
                utilizationCount[no]++;
            }
            float power = telemetry.powerW(slot);
            if (!Float.isNaN(power)) {
                powerSum[no] += power;
                powerCount[no]++;
            }
        }
        float temp = telemetry.gpuTempC(slot);
        if (!Float.isNaN(temp) && (Float.isNaN(hottest[no]) || temp > hottest[no])) {
            hottest[no] = temp;
        }
        state[no] = (byte) s.ordinal();
        highest = Math.max(highest, no);
    }

    private void closeMinute() {
        if (minute == Long.MIN_VALUE || highest < 0) {
            return;
        }
        Map<Integer, RollupBlock> blocks = new TreeMap<>();
        for (int no = 0; no <= highest; no++) {
            if (samples[no] == 0) {
                continue;
            }
            RollupBlock block = blocks.computeIfAbsent(RollupBlock.blockOf(no), b -> new RollupBlock());
            int n = samples[no];
            block.set(
                    no % RollupBlock.SIZE,
                    1,
                    utilizationCount[no] == 0 ? Float.NaN : utilizationSum[no] / utilizationCount[no],
                    idle[no] / (float) n,
                    held[no] / (float) n,
                    powerCount[no] == 0 ? Float.NaN : powerSum[no] / powerCount[no],
                    hottest[no],
                    state[no]);
        }
        if (!blocks.isEmpty()) {
            pending.addLast(new ClosedMinute((int) minute, blocks));
            while (pending.size() > MAX_PENDING_MINUTES) {
                pending.removeFirst();
                droppedMinutes++;
            }
        }
        clear();
    }

    private void clear() {
        int n = highest + 1;
        Arrays.fill(samples, 0, n, (short) 0);
        Arrays.fill(idle, 0, n, (short) 0);
        Arrays.fill(held, 0, n, (short) 0);
        Arrays.fill(utilizationSum, 0, n, 0f);
        Arrays.fill(utilizationCount, 0, n, (short) 0);
        Arrays.fill(powerSum, 0, n, 0f);
        Arrays.fill(powerCount, 0, n, (short) 0);
        Arrays.fill(hottest, 0, n, Float.NaN);
        highest = -1;
    }

    public boolean hasClosedMinutes() {
        return !pending.isEmpty();
    }

    /** Minutes thrown away because the disk refused them for too long. */
    public long droppedMinutes() {
        return droppedMinutes;
    }

    /**
     * Writes the closed minutes in the caller's transaction and returns the last one written,
     * or -1. They stay pending until {@link #written()} confirms the commit.
     */
    public int write(Connection connection) throws SQLException {
        int last = -1;
        try (PreparedStatement merge = connection.prepareStatement(
                "MERGE INTO minute_block (period, block_no, data) KEY (period, block_no) VALUES (?, ?, ?)")) {
            for (ClosedMinute closed : pending) {
                for (Map.Entry<Integer, RollupBlock> e : closed.blocks().entrySet()) {
                    merge.setInt(1, closed.period());
                    merge.setInt(2, e.getKey());
                    merge.setBytes(3, e.getValue().encode());
                    merge.addBatch();
                }
                last = closed.period();
            }
            merge.executeBatch();
        }
        return last;
    }

    /** The transaction that {@link #write} took part in committed. */
    public void written() {
        pending.clear();
    }

    private void ensureCapacity(int no) {
        if (no < lastSeen.length) {
            return;
        }
        int size = Math.max(no + 1, lastSeen.length * 3 / 2 + 1024);
        int old = lastSeen.length;
        lastSeen = Arrays.copyOf(lastSeen, size);
        samples = Arrays.copyOf(samples, size);
        idle = Arrays.copyOf(idle, size);
        held = Arrays.copyOf(held, size);
        utilizationSum = Arrays.copyOf(utilizationSum, size);
        utilizationCount = Arrays.copyOf(utilizationCount, size);
        powerSum = Arrays.copyOf(powerSum, size);
        powerCount = Arrays.copyOf(powerCount, size);
        hottest = Arrays.copyOf(hottest, size);
        Arrays.fill(hottest, old, size, Float.NaN);
        state = Arrays.copyOf(state, size);
    }
}

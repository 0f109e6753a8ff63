package io.headroom.bench.loadgen;

/**
 * One recorded telemetry batch kept as the bytes it was serialized to, without its epoch,
 * sequence and server time (the replayer frames those per stream), and where in those bytes
 * its times lie, found once when it was recorded. Stamping writes new times over the old ones
 * in place: same length, nothing re-encoded.
 */
final class RecordedBatch {

    private final byte[] payload;
    private final int samples;
    private final int[] sampleTimes;
    private final int[] idleTimes;
    private final long[] idleAges;

    /**
     * @param payload     the batch's fields other than epoch, sequence and server time
     * @param samples     accelerator samples in it (GPUs and MIG slices), for pacing
     * @param sampleTimes offsets of every node's and rack's {@code time_ms} varint: all get the new time
     * @param idleTimes   offsets of every non-zero {@code idle_since_ms} varint
     * @param idleAges    for each of {@code idleTimes}, how long before its node's time the slot went
     *                    idle; kept, so a replayed slot has been idle as long as it had been
     */
    RecordedBatch(byte[] payload, int samples, int[] sampleTimes, int[] idleTimes, long[] idleAges) {
        if (idleTimes.length != idleAges.length) {
            throw new IllegalArgumentException(
                    idleTimes.length + " idle offsets but " + idleAges.length + " idle ages");
        }
        this.payload = payload;
        this.samples = samples;
        this.sampleTimes = sampleTimes;
        this.idleTimes = idleTimes;
        this.idleAges = idleAges;
    }

    /** The bytes as they are now (stamped with the last time given): do not change them. */
    byte[] payload() {
        return payload;
    }

    int samples() {
        return samples;
    }

    /** Node and rack samples whose time is stamped. */
    int timedSamples() {
        return sampleTimes.length;
    }

    /** Stamps every sample of this batch with {@code timeMillis}, in place. Not thread-safe: one writer. */
    void stamp(long timeMillis) {
        for (int offset : sampleTimes) {
            MillisVarint.write(payload, offset, timeMillis);
        }
        for (int i = 0; i < idleTimes.length; i++) {
            MillisVarint.write(payload, idleTimes[i], timeMillis - idleAges[i]);
        }
    }
}

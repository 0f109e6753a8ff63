package io.headroom.bench;

import io.headroom.client.ReceivedBatch;
import io.headroom.wire.BatchHeader;
import io.headroom.wire.RelayHops;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What each hop of a batch's way adds, from the times the batch carries: the agent's cut (its
 * server time, whole milliseconds), each relay's received and forwarded stamps (microseconds),
 * the console's client receiving it and the batch landing in the fleet state. One value a batch
 * per hop. All clocks are this machine's, so the differences are comparable; across machines
 * they would be only as good as the clocks' agreement.
 */
final class HopRecorder {

    /** Relays a batch can be recorded through; a longer chain's further hops are not recorded. */
    static final int MAX_RELAYS = 8;

    private static final long MAX_MICROS = LatencyRecorder.MAX_MILLIS * 1000;

    /** [0] cut to the first receiver, then per relay k: [1 + 2k] in to out, [2 + 2k] out to the next receiver. */
    private final Recorder[] legs = new Recorder[1 + 2 * MAX_RELAYS];

    private final Recorder landing = new Recorder(MAX_MICROS, 3);
    private volatile int deepest;

    HopRecorder() {
        for (int i = 0; i < legs.length; i++) {
            legs[i] = new Recorder(MAX_MICROS, 3);
        }
    }

    /** Records one batch's hops; {@code landedMicros} is when it was written into the fleet state. */
    void record(ReceivedBatch batch, long landedMicros) {
        BatchHeader header = batch.header();
        RelayHops hops = header.relayHops();
        int relays = Math.min(hops.count(), MAX_RELAYS);
        if (relays > deepest) {
            deepest = relays;
        }
        long previous = header.serverTimeMs() * 1000;
        for (int k = 0; k < relays; k++) {
            put(legs[2 * k], hops.receivedMicros(k) - previous);
            put(legs[1 + 2 * k], hops.forwardedMicros(k) - hops.receivedMicros(k));
            previous = hops.forwardedMicros(k);
        }
        put(legs[2 * relays], batch.receivedMicros() - previous);
        put(landing, landedMicros - batch.receivedMicros());
    }

    private static void put(Recorder recorder, long micros) {
        recorder.recordValue(Math.clamp(micros, 0, MAX_MICROS));
    }

    /** A leg of the way and its delays in µs over the interval, one value a batch. */
    record Leg(String name, Histogram micros) {}

    /** The legs since the last call, in the order a batch travels them. */
    List<Leg> takeInterval() {
        int relays = deepest;
        List<Leg> taken = new ArrayList<>();
        for (int k = 0; k <= relays; k++) {
            String from = k == 0 ? "agent cut" : "relay " + k + " out";
            String to = k == relays ? "console received" : "relay " + (k + 1) + " in";
            taken.add(new Leg(from + " -> " + to, legs[2 * k].getIntervalHistogram()));
            if (k < relays) {
                taken.add(new Leg("relay " + (k + 1) + " in -> out", legs[1 + 2 * k].getIntervalHistogram()));
            }
        }
        taken.add(new Leg("console received -> fleet state written", landing.getIntervalHistogram()));
        return taken;
    }
}

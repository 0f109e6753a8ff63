package io.headroom.agent.history.keeper;

import io.headroom.core.idle.IdleState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one accelerator did in one period, in milliseconds: time in each {@link IdleState},
 * utilisation and power as sums over the measured time, energy, the hottest reading, and the
 * time each owner held it by state. Minutes add rounds; hours and days add tallies.
 */
// Flat arrays indexed by IdleState's ordinal: a tally per accelerator per minute, on the hot path.
@SuppressWarnings("EnumOrdinal")
final class Tally {

    static final int STATES = IdleState.values().length;

    final long[] stateMs = new long[STATES];
    double utilSum; // pct x ms
    long utilMs;
    double powerSum; // W x ms
    long powerMs;
    double energyWh;
    boolean energyKnown;
    float maxTempC = Float.NaN;
    final Map<Owner, long[]> owners = new LinkedHashMap<>();

    void addRound(IdleState state, long ms, float utilPct, float powerW, float tempC, Owner owner) {
        stateMs[state.ordinal()] += ms;
        if (state != IdleState.STALE) {
            if (!Float.isNaN(utilPct)) {
                utilSum += (double) utilPct * ms;
                utilMs += ms;
            }
            if (!Float.isNaN(powerW)) {
                powerSum += (double) powerW * ms;
                powerMs += ms;
                energyWh += powerW * (ms / 3_600_000.0);
                energyKnown = true;
            }
            if (!Float.isNaN(tempC) && (Float.isNaN(maxTempC) || tempC > maxTempC)) {
                maxTempC = tempC;
            }
        }
        if (owner != null) {
            owners.computeIfAbsent(owner, o -> new long[STATES])[state.ordinal()] += ms;
        }
    }

    void add(Tally other) {
        for (int i = 0; i < STATES; i++) {
            stateMs[i] += other.stateMs[i];
        }
        utilSum += other.utilSum;
        utilMs += other.utilMs;
        powerSum += other.powerSum;
        powerMs += other.powerMs;
        energyWh += other.energyWh;
        energyKnown |= other.energyKnown;
        if (!Float.isNaN(other.maxTempC) && (Float.isNaN(maxTempC) || other.maxTempC > maxTempC)) {
            maxTempC = other.maxTempC;
        }
        other.owners.forEach((owner, ms) -> {
            long[] mine = owners.computeIfAbsent(owner, o -> new long[STATES]);
            for (int i = 0; i < STATES; i++) {
                mine[i] += ms[i];
            }
        });
    }

    long coveredMs() {
        long sum = 0;
        for (long ms : stateMs) {
            sum += ms;
        }
        return sum;
    }
}

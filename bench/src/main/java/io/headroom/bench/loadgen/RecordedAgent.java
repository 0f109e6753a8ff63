package io.headroom.bench.loadgen;

import io.headroom.protocol.v1.Inventory;
import java.util.List;

/**
 * What one agent sent over some rounds, ready to be sent again: its inventory and its batches,
 * serialized, in order. The replayer goes through them round after round.
 *
 * @param name      a name for logs ("agent-1")
 * @param inventory what GetInventory answers
 * @param rounds    how many rounds of samples {@code batches} hold
 * @param batches   every batch of every round, in the order the agent cut them
 */
record RecordedAgent(String name, Inventory inventory, int rounds, List<RecordedBatch> batches) {

    RecordedAgent {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException(name + ": a recording needs at least one batch");
        }
        batches = List.copyOf(batches);
    }

    /** Accelerator samples in one round, on average over the recorded ones. */
    long samplesPerRound() {
        return samples() / rounds;
    }

    long samples() {
        long sum = 0;
        for (RecordedBatch batch : batches) {
            sum += batch.samples();
        }
        return sum;
    }

    long bytes() {
        long sum = 0;
        for (RecordedBatch batch : batches) {
            sum += batch.payload().length;
        }
        return sum;
    }
}

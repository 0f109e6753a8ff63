package io.headroom.bench.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Every recorded agent served again from this one process, each on a port of its own, sharing
 * the replay rate in proportion to its samples so that all of them go round at the same pace.
 */
final class Replayer implements AutoCloseable {

    private final List<ReplayedAgent> agents = new ArrayList<>();

    private Replayer() {}

    /**
     * @param port the first agent's port and the next ones after it; 0 picks free ports
     */
    static Replayer start(List<RecordedAgent> recordings, double samplesPerSecond, String bind, int port)
            throws IOException {
        long total = 0;
        for (RecordedAgent recording : recordings) {
            total += recording.samplesPerRound();
        }
        if (total == 0) {
            throw new IllegalArgumentException("the recording holds no accelerator samples");
        }
        var replayer = new Replayer();
        try {
            for (int k = 0; k < recordings.size(); k++) {
                RecordedAgent recording = recordings.get(k);
                double share = samplesPerSecond * recording.samplesPerRound() / total;
                replayer.agents.add(new ReplayedAgent(recording, share)
                        .serve(new InetSocketAddress(bind, port == 0 ? 0 : port + k)));
            }
            return replayer;
        } catch (IOException | RuntimeException e) {
            replayer.close();
            throw e;
        }
    }

    List<ReplayedAgent> agents() {
        return agents;
    }

    long samplesSent() {
        return agents.stream().mapToLong(a -> a.pace().samples()).sum();
    }

    long batchesSent() {
        return agents.stream().mapToLong(a -> a.pace().batches()).sum();
    }

    long heldNanos() {
        return agents.stream().mapToLong(a -> a.pace().heldNanos()).sum();
    }

    /** The latest batch's lateness, the largest over the agents. */
    long latestLateNanos() {
        return agents.stream().mapToLong(a -> a.pace().latestLateNanos()).max().orElse(0);
    }

    long takeMaxLateNanos() {
        return agents.stream().mapToLong(a -> a.pace().takeMaxLateNanos()).max().orElse(0);
    }

    @Override
    public void close() {
        agents.forEach(ReplayedAgent::close);
    }
}

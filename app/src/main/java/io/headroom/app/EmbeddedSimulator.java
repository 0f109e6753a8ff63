package io.headroom.app;

import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.agent.simulator.SiteMix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The simulated fleet a console serves itself when no agent is configured, built and started
 * on a thread of its own while the store opens and the toolkit starts: generating 10,000
 * GPUs' worth of inventory need not hold the window back.
 */
final class EmbeddedSimulator {

    private final CompletableFuture<SimulatorAgent> started;

    private EmbeddedSimulator(CompletableFuture<SimulatorAgent> started) {
        this.started = started;
    }

    /** Starts the simulator the settings ask for, or none when they name agents. */
    static EmbeddedSimulator startInBackground(ConsoleSettings settings) {
        if (!settings.embedsSimulator()) {
            return new EmbeddedSimulator(CompletableFuture.completedFuture(null));
        }
        var started = new CompletableFuture<SimulatorAgent>();
        Thread.ofPlatform().name("simulator-starter").daemon().start(() -> {
            try {
                FleetShape shape = settings.simulatedGpus() == FleetShape.DEFAULT.gpus()
                        ? FleetShape.DEFAULT
                        : FleetShape.forGpus(settings.simulatedGpus());
                // The embedded fleet is a heterogeneous compute centre: an Ascend hall beside NVIDIA halls with Hygon,
                // Cambricon and Kunlunxin racks (headroom-agent --simulate serves NVIDIA only unless given --mix).
                started.complete(SimulatorAgent.create(
                                shape, settings.seed(), 1000, "", 60, InstantSource.system(), SiteMix.MIXED)
                        .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        });
        return new EmbeddedSimulator(started);
    }

    /** Stops the simulator when it is not going to be used (no window opens). */
    void close() {
        // A simulator that failed to start has nothing to stop, and no window opens to report it; nothing waits for the
        // close.
        var unusedClosed = started.thenAccept(simulator -> {
            if (simulator != null) {
                simulator.close();
            }
        });
    }

    /** The running simulator, or null when none was asked for. */
    SimulatorAgent await() throws IOException {
        try {
            return started.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the simulated fleet started", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IllegalStateException("the simulated fleet did not start", e.getCause());
        }
    }
}

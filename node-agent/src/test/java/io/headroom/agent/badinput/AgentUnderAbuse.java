package io.headroom.agent.badinput;

import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;

/**
 * A real agent on a loopback port (the simulator: 64 GPUs, a batch every 100 ms) and a
 * well-behaved console streaming from it, for the bad-input tests to abuse and watch.
 */
final class AgentUnderAbuse implements AutoCloseable {

    final SimulatorAgent agent;
    final WatchingClient watcher;

    AgentUnderAbuse() throws IOException {
        agent = SimulatorAgent.create(FleetShape.forGpus(64), 11, 100, "", 10, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        watcher = new WatchingClient(agent.port());
    }

    int port() {
        return agent.port();
    }

    @Override
    public void close() {
        watcher.close();
        agent.close();
    }
}

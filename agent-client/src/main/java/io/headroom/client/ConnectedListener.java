package io.headroom.client;

import io.grpc.Channel;
import io.headroom.wire.AgentEndpoint;

/** Hears that an agent is connected (again): its inventory is in and its stream is open. */
@FunctionalInterface
public interface ConnectedListener {

    /** Called on a client thread: hand long work to another. */
    void connected(AgentEndpoint endpoint, Channel channel);
}

package io.headroom.app.operations;

import io.headroom.client.FleetClient;
import io.headroom.client.operations.OperationClient;
import io.headroom.core.operation.AgentUnreachableException;
import io.headroom.core.operation.OperationOutcome;
import io.headroom.core.operation.PendingOperation;
import io.headroom.store.outbox.OperationSender;

/**
 * The outbox's way to the agents: Execute on the channel of whichever agent reports the node.
 * A node no connected agent reports (the console has just started from its cache, or the
 * agent is away) is unreachable, and the operation waits in the outbox.
 */
public final class AgentOperationSender implements OperationSender {

    private final FleetClient client;
    private final OperationClient operations;

    public AgentOperationSender(FleetClient client, OperationClient operations) {
        this.client = client;
        this.operations = operations;
    }

    @Override
    public OperationOutcome send(PendingOperation operation) throws AgentUnreachableException {
        return operations.execute(channelFor(operation), operation, false);
    }

    /** A dry run: the plan, with nothing changed. */
    public OperationOutcome plan(PendingOperation operation) throws AgentUnreachableException {
        return operations.execute(channelFor(operation), operation, true);
    }

    /** What the agent that reports this node lets this console do, once it has said. */
    public java.util.Optional<io.headroom.core.access.Role> roleFor(String hostname) {
        return client.roleFor(hostname);
    }

    private io.grpc.Channel channelFor(PendingOperation operation) throws AgentUnreachableException {
        return client.channelFor(operation.hostname())
                .orElseThrow(() ->
                        new AgentUnreachableException("no connected agent reports " + operation.hostname() + " yet"));
    }
}

package io.headroom.agent.node;

import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.config.ConfigException;
import io.headroom.agent.config.NotifySections;
import io.headroom.agent.reclaim.FleetGpuStates;
import io.headroom.agent.reclaim.PolicyMemory;
import io.headroom.agent.reclaim.ReclaimDesk;
import io.headroom.agent.reclaim.WorkloadLookup;
import io.headroom.agent.server.TelemetryPublisher;
import io.headroom.agent.source.SourceException;
import io.headroom.agent.workloads.WorkloadBook;
import io.headroom.protocol.v1.Workload;
import java.io.IOException;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Optional;

/** A node agent's owner notices and held-idle policy, from agent.yaml's notify and held_idle. */
final class ReclaimDesks {

    private ReclaimDesks() {}

    /**
     * Reads the webhooks' key and secret files now, so a file others can read stops the agent at
     * start with the chmod to run, not at the first notice.
     */
    static ReclaimDesk forNode(AgentConfig config, TelemetryPublisher publisher, InstantSource clock)
            throws SourceException {
        WorkloadBook book = publisher.workloads();
        WorkloadLookup lookup = new WorkloadLookup() {
            @Override
            public Optional<Workload> find(String workloadId) {
                return book.find(workloadId);
            }

            @Override
            public Collection<Workload> all() {
                return book.table("").getWorkloadsList();
            }
        };
        Path state = config.heldIdle().stateFileIn(config.scheduler().stateDirectory());
        try {
            PolicyMemory memory =
                    config.heldIdle().rules().isEmpty() ? PolicyMemory.inMemory() : PolicyMemory.open(state);
            return new ReclaimDesk(
                    NotifySections.webhooks(config.notices()),
                    config.notices().consoleLink(),
                    config.heldIdle().rules(),
                    lookup,
                    new FleetGpuStates(publisher::latest),
                    memory,
                    clock);
        } catch (ConfigException e) {
            throw new SourceException(e.getMessage(), e);
        } catch (IOException e) {
            throw new SourceException(
                    "cannot read the held-idle policy's state file " + state + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new SourceException("no TLS for webhooks in this Java runtime: " + e.getMessage(), e);
        }
    }
}

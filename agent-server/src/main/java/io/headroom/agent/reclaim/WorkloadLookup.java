package io.headroom.agent.reclaim;

import io.headroom.protocol.v1.Workload;
import java.util.Collection;
import java.util.Optional;

/**
 * The workloads this agent knows. The agent binds it to its workload book
 * ({@code book::find}, {@code book.table(id).getWorkloadsList()}); tests give a list.
 */
public interface WorkloadLookup {

    Optional<Workload> find(String workloadId);

    Collection<Workload> all();
}

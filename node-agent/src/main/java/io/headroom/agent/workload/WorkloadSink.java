package io.headroom.agent.workload;

import io.headroom.protocol.v1.Workload;
import java.util.Collection;

/**
 * Where the node's workloads go after each poll: the full current set one scope (this node's
 * hostname) reports. The server's workload book ({@code WorkloadBook::replace}) is one.
 */
@FunctionalInterface
public interface WorkloadSink {

    WorkloadSink NONE = (scope, workloads) -> {};

    void replace(String scope, Collection<Workload> workloads);
}

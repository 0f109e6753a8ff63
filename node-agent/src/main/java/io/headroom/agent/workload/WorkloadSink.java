package io.headroom.agent.workload;

import io.headroom.protocol.v1.Workload;
import java.util.Collection;

/** Where a reader of a scheduler hands the full current set of workloads one scope reports, after each poll. */
public interface WorkloadSink {

    void replace(String scope, Collection<Workload> workloads);
}

package io.headroom.client.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.inprocess.InProcessChannelBuilder;
import io.headroom.client.AgentConnection;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.workload.FleetWorkloads;
import io.headroom.core.workload.Holding;
import io.headroom.core.workload.Workload;
import io.headroom.wire.AgentEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The console learns who holds each GPU from its agents: the whole table on connect, the
 * changes each batch carries, the table again when the changes cannot be followed, nothing
 * (and no error) from agents older than workloads, and telemetry all the while.
 */
class WorkloadIngestTest {

    private final List<WorkloadAgent> agents = new ArrayList<>();
    private final Map<AgentEndpoint, String> names = new HashMap<>();
    private final FleetState fleet = new FleetState(IdleThresholds.DEFAULTS);
    private final FleetWorkloads workloads = new FleetWorkloads();
    private FleetClient client;

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        for (WorkloadAgent agent : agents) {
            agent.close();
        }
    }

    private WorkloadAgent agent(String hostname) throws Exception {
        var agent = new WorkloadAgent(hostname, agents.size() + 1);
        agents.add(agent);
        names.put(new AgentEndpoint(hostname, 50051), agent.name);
        return agent;
    }

    private AgentConnection connect() {
        var endpoints = new ArrayList<>(names.keySet());
        var options = ClientOptions.defaults("workload-test")
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
                .withChannels(endpoint -> InProcessChannelBuilder.forName(names.get(endpoint))
                        .directExecutor()
                        .build());
        client = new FleetClient(
                        endpoints,
                        fleet,
                        workloads,
                        new ConnectionBoard(
                                endpoints.stream().map(AgentEndpoint::toString).toList()),
                        options)
                .start();
        for (WorkloadAgent agent : agents) {
            await("the stream of " + agent.hostname).until(agent::streaming);
        }
        return client.connections().getFirst();
    }

    private String holderOfGpu0(String hostname) {
        return workloads
                .holderOf(hostname, 0, Holding.WHOLE_GPU)
                .map(Workload::user)
                .orElse("nobody");
    }

    @Test
    void theTableOnConnectThenTheChangesEachBatchCarries() throws Exception {
        var agent = agent("node-a");
        agent.table(5, WorkloadAgent.job("100", "alice", "node-a:0"));
        AgentConnection connection = connect();
        await().until(() -> workloads.size() == 1);
        agent.send(agent.batch(5));

        agent.send(
                agent.changes(5, 6, List.of(WorkloadAgent.job("101", "bob", "node-a:1")), List.of("slurm:test:100")));

        await().untilAsserted(() ->
                assertThat(workloads.all()).extracting(Workload::schedulerId).containsExactly("101"));
        assertThat(workloads.holderOf("node-a", 1, Holding.WHOLE_GPU))
                .map(Workload::user)
                .contains("bob");
        assertThat(connection.workloadChangesApplied()).isEqualTo(1);
        assertThat(agent.tableCalls()).isEqualTo(1);
        assertThat(workloads.reported()).isTrue();
    }

    @Test
    void changesFromAVersionNotHeldFetchTheWholeTableAgain() throws Exception {
        var agent = agent("node-a");
        agent.table(5, WorkloadAgent.job("100", "alice", "node-a:0"));
        connect();
        await().until(() -> agent.tableCalls() == 1 && workloads.size() == 1);
        agent.table(8, WorkloadAgent.job("100", "carol", "node-a:0"));

        agent.send(agent.changes(7, 8, List.of(WorkloadAgent.job("100", "carol", "node-a:0")), List.of()));

        await().until(() -> agent.tableCalls() == 2);
        await().until(() -> holderOfGpu0("node-a").equals("carol"));
    }

    @Test
    void missedBatchesFetchTheWholeTableAgain() throws Exception {
        var agent = agent("node-a");
        agent.table(5, WorkloadAgent.job("100", "alice", "node-a:0"));
        connect();
        await().until(() -> agent.tableCalls() == 1 && workloads.size() == 1);
        agent.send(agent.batch(5));
        agent.table(9);

        agent.skip(3);
        agent.send(agent.changes(8, 9, List.of(), List.of("slurm:test:100")).setMissedBatches(3));

        await().until(() -> agent.tableCalls() == 2);
        await().until(() -> workloads.size() == 0);
    }

    @Test
    void anAgentOlderThanWorkloadsReportsNoneAndItsTelemetryFlows() throws Exception {
        var agent = agent("node-a");
        agent.unimplemented();
        AgentConnection connection = connect();
        await().until(connection::reportsNoWorkloads);

        agent.send(agent.batch(0));
        agent.send(agent.batch(3)); // a version it cannot follow: no new fetch from an agent that has none

        await().until(() -> connection.batchesReceived() == 2);
        assertThat(connection.isOnline()).isTrue();
        assertThat(agent.tableCalls()).isEqualTo(1);
        assertThat(workloads.reported()).isFalse();
    }

    @Test
    void aFailingTableIsRetriedWhileTelemetryFlows() throws Exception {
        var agent = agent("node-a");
        agent.failTimes(2);
        agent.table(1, WorkloadAgent.job("100", "alice", "node-a:0"));
        AgentConnection connection = connect();

        agent.send(agent.batch(1));

        await().until(() -> connection.batchesReceived() == 1 && connection.isOnline());
        await().until(() -> workloads.size() == 1);
        assertThat(agent.tableCalls()).isEqualTo(3);
    }

    @Test
    void aJobOnTheNodesOfTwoAgentsIsOneWorkload() throws Exception {
        var first = agent("node-a");
        var second = agent("node-b");
        first.table(1, WorkloadAgent.job("4242", "alice", "node-a:0", "node-a:1"));
        second.table(1, WorkloadAgent.job("4242", "alice", "node-b:0"));

        connect();

        await().until(() -> workloads
                .workload("slurm:test:4242")
                .map(job -> job.holdings().size() == 3)
                .orElse(false));
        assertThat(workloads.size()).isEqualTo(1);
        assertThat(holderOfGpu0("node-b")).isEqualTo("alice");
    }
}

package io.headroom.agent.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodeOperationsTest {

    private static final long START = 1_741_752_000_000L;
    private static final int MINUTE = 60_000;

    private FleetSimulator simulator;
    private FleetState state;
    private long now = START;

    @BeforeEach
    void fleet() {
        simulator = new FleetSimulator(FleetShape.DEFAULT, 5, START, MINUTE, "");
        state = Telemetry.stateFor(simulator);
        simulator.tick(now, state.current());
    }

    @Test
    void drainIsDrainingWhileJobsRunThenDrainedOnceTheyLeave() {
        String host = busyNode();
        long before = simulator.generation(host);
        long version = simulator.inventory().version();

        long generation = simulator.drain(host, "replace GPU 3");

        assertThat(generation).isEqualTo(before + 1).isEqualTo(simulator.generation(host));
        assertThat(simulator.schedulerState(host)).isEqualTo(SchedulerState.DRAINING);
        assertThat(simulator.drainReason(host)).isEqualTo("replace GPU 3");
        assertThat(simulator.inventory().version()).isGreaterThan(version);
        assertThat(node(host).schedulerState()).isEqualTo(SchedulerState.DRAINING);
        assertThat(node(host).generation()).isEqualTo(generation);

        advance(10);

        assertThat(simulator.schedulerState(host)).isEqualTo(SchedulerState.DRAINED);
        int n = state.layout().nodeIndex(host);
        assertThat(state.current().schedulerState(n)).isEqualTo(SchedulerState.DRAINED);
        assertThat(state.current().generation(n)).isEqualTo(generation);
        var classifier = new IdleClassifier(IdleThresholds.DEFAULTS);
        for (int slot = state.layout().firstGpuSlot(n); slot < state.layout().endGpuSlot(n); slot++) {
            assertThat(state.current().allocated(slot)).isFalse();
            assertThat(classifier.classify(state.current(), slot, now)).isIn(IdleState.DRAINED, IdleState.FAULTED);
        }
    }

    @Test
    void drainingAgainChangesNothing() {
        String host = busyNode();
        long generation = simulator.drain(host, "first");
        long version = simulator.inventory().version();

        assertThat(simulator.drain(host, "second")).isEqualTo(generation);
        assertThat(simulator.drainReason(host)).isEqualTo("first");
        assertThat(simulator.inventory().version()).isEqualTo(version);
    }

    @Test
    void resumeOpensTheNodeToJobsAgain() {
        String host = busyNode();
        long drained = simulator.drain(host, "firmware");
        advance(10);

        long resumed = simulator.resume(host);

        assertThat(resumed).isEqualTo(drained + 1);
        assertThat(simulator.schedulerState(host)).isEqualTo(SchedulerState.IDLE);
        assertThat(simulator.drainReason(host)).isEmpty();
        assertThat(simulator.resume(host))
                .as("resuming a node in service is a no-op")
                .isEqualTo(resumed);
    }

    @Test
    void aGpuOffTheBusStaysUntilItsNodeIsDrainedAndResumed() {
        FleetLayout layout = state.layout();
        int slot = 0;
        while (slot < layout.gpuCount() && !state.current().missing(slot)) {
            slot++;
        }
        assertThat(slot).as("a GPU off the bus at the start").isLessThan(layout.gpuCount());
        String host = layout.node(layout.nodeOfSlot(slot)).hostname();
        assertThat(state.current().lastXid(slot)).isEqualTo(79);

        simulator.drain(host, "reseat GPU " + layout.accelerator(slot).index());
        advance(10);
        assertThat(state.current().missing(slot)).isTrue();
        simulator.resume(host);
        advance(1);

        assertThat(state.current().missing(slot)).isFalse();
        assertThat(state.current().lastXid(slot)).isNotEqualTo(79);
        assertThat(state.current().powerW(slot)).isPositive();
    }

    @Test
    void reassignMovesTheNodeAndBumpsGenerationAndInventoryVersion() {
        String host = busyNode();
        Node before = node(host);
        long version = simulator.inventory().version();
        String pool = before.pool().equals("dev") ? "infer" : "dev";

        long generation = simulator.reassign(host, pool, null);

        assertThat(generation).isEqualTo(before.generation() + 1);
        assertThat(simulator.inventory().version()).isEqualTo(version + 1);
        Node after = node(host);
        assertThat(after.pool()).isEqualTo(pool);
        assertThat(after.tenant()).isEqualTo(before.tenant());
        assertThat(after.generation()).isEqualTo(generation);

        simulator.reassign(host, null, "new-tenant");
        assertThat(node(host).tenant()).isEqualTo("new-tenant");
        assertThat(node(host).pool()).isEqualTo(pool);
        assertThat(simulator.reassign(host, pool, "new-tenant"))
                .as("no change, no bump")
                .isEqualTo(generation + 1);
    }

    @Test
    void aNodeCanMoveToAPoolTheSimulatorNeverHeardOf() {
        String host = busyNode();

        simulator.reassign(host, "quarantine", "ops");
        advance(3);

        assertThat(node(host).pool()).isEqualTo("quarantine");
    }

    @Test
    void samplesStillReachATableOfTheOlderInventory() {
        String host = busyNode();
        var oldTable = state.current();
        simulator.reassign(host, "infer", "platform-serving");
        long at = now + MINUTE;

        simulator.tick(at, oldTable);

        int n = oldTable.layout().nodeIndex(host);
        assertThat(oldTable.layout().inventory().version())
                .isLessThan(simulator.inventory().version());
        assertThat(oldTable.nodeSampleTime(n)).isEqualTo(at);
        assertThat(oldTable.sampleTime(oldTable.layout().firstGpuSlot(n))).isEqualTo(at);
    }

    @Test
    void unknownHostnamesAreRejected() {
        assertThat(simulator.generation("nope")).isEqualTo(-1);
        assertThatThrownBy(() -> simulator.drain("nope", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown node nope");
        assertThatThrownBy(() -> simulator.resume("nope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> simulator.reassign("nope", "dev", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> simulator.drainReason("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    private String busyNode() {
        return simulator.inventory().nodes().stream()
                .map(Node::hostname)
                .filter(host -> simulator.schedulerState(host) == SchedulerState.ALLOCATED)
                .findFirst()
                .orElseThrow();
    }

    private Node node(String host) {
        return simulator.inventory().nodes().stream()
                .filter(n -> n.hostname().equals(host))
                .findFirst()
                .orElseThrow();
    }

    private void advance(int minutes) {
        for (int i = 0; i < minutes; i++) {
            now += MINUTE;
            simulator.tick(now, state.current());
        }
    }
}

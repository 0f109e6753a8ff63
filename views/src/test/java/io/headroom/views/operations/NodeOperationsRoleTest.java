package io.headroom.views.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.access.Role;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import io.headroom.views.Messages;
import io.headroom.views.node.NodeAction;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console offers only what the node's agent said this console's role may do; with no word yet, everything. */
class NodeOperationsRoleTest {

    private static Node node(String hostname) {
        var h100 =
                new Accelerator("GPU-" + hostname, Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81_559, 0, true, List.of());
        return new Node(hostname, "SN", "rack-3", 5, 4, "train", "", SchedulerState.IDLE, 3, 1000, List.of(h100));
    }

    private static List<String> labels(List<NodeAction> actions) {
        return actions.stream().map(NodeAction::label).toList();
    }

    @Test
    void eachRoleSeesItsActionsOnly() {
        var desk = new RoleDesk(Map.of("v1", Role.VIEWER, "t1", Role.TECHNICIAN, "o1", Role.OPERATOR));
        var operations = new NodeOperations(new Messages(Locale.US), desk, () -> null, Clock.systemUTC());
        assertThat(labels(operations.actionsFor(node("v1"), () -> 3))).isEmpty();
        assertThat(labels(operations.actionsFor(node("t1"), () -> 3))).containsExactly("Drain");
        assertThat(labels(operations.actionsFor(node("o1"), () -> 3))).containsExactly("Drain", "Reassign", "Re-slice");
        assertThat(labels(operations.actionsFor(node("not-said-yet"), () -> 3)))
                .containsExactly("Drain", "Reassign", "Re-slice");
    }

    @Test
    void aRackIsOfferedForDrainOnlyWhenEveryServerInItMayBeDrained() {
        var desk = new RoleDesk(Map.of("v1", Role.VIEWER, "t1", Role.TECHNICIAN));
        var operations = new NodeOperations(new Messages(Locale.US), desk, () -> null, Clock.systemUTC());
        assertThat(operations.rackActions("rack-3", List.of(node("t1"), node("not-said-yet")), n -> 3))
                .hasSize(2);
        assertThat(operations.rackActions("rack-3", List.of(node("t1"), node("v1")), n -> 3))
                .isEmpty();
    }
}

package io.headroom.views.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.IdleState;
import io.headroom.core.workload.TestWorkloads;
import io.headroom.views.Messages;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The words under the pointer name who holds the GPU when an agent says, and nobody when none does. */
class CellDescriptionTest {

    private static final long NOW = 1_760_000_000_000L;

    @Test
    void namesTheJobItsOwnerAndAccount() {
        var fleet = TestFleet.of(1, 1, 1, 1, 8, 0);
        fleet.heldIdle(0, NOW);
        String host = fleet.inventory.nodes().getFirst().hostname();
        var job = TestWorkloads.slurmJob("4242", "alice", "physics", "gpu", null, host + ":0");

        String text =
                CellDescription.describe(new Messages(Locale.US), fleet.telemetry(), IdleState.HELD_IDLE, 0, NOW, job);
        String nobody =
                CellDescription.describe(new Messages(Locale.US), fleet.telemetry(), IdleState.HELD_IDLE, 0, NOW, null);

        assertThat(text).contains("Held by Job 4242 \u00b7 alice \u00b7 physics");
        assertThat(nobody).doesNotContain("Held by");
    }
}

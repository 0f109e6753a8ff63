package io.headroom.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operations a fault test queued, against what the agent says it carried out: none may be
 * missing (lost) and none carried out twice (duplicated).
 */
final class OperationTally {

    private final List<String> queued = new ArrayList<>();

    void queued(String key) {
        queued.add(key);
    }

    List<String> keys() {
        return List.copyOf(queued);
    }

    /** Compares with the agent's count per key, asserts nothing lost or duplicated, and returns the figures. */
    FaultRow.Operations settle(Map<String, Integer> appliedByAgent) {
        int applied = 0;
        int lost = 0;
        int duplicated = 0;
        for (String key : queued) {
            int times = appliedByAgent.getOrDefault(key, 0);
            applied += Math.min(times, 1);
            lost += times == 0 ? 1 : 0;
            duplicated += Math.max(0, times - 1);
        }
        var figures = new FaultRow.Operations(queued.size(), applied, lost, duplicated);
        assertThat(lost)
                .as("operations queued but never carried out: %s of %s", figures, appliedByAgent)
                .isZero();
        assertThat(duplicated)
                .as("operations carried out twice: %s", appliedByAgent)
                .isZero();
        return figures;
    }
}

package io.headroom.agent.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.reclaim.NoticeLanguage;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.IdleClassifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent's own incidents from its fleet table: one message when each opens, one when it resolves. */
class IncidentWatchTest {

    private static final long NOW = 1_760_000_000_000L;

    private final TestFleet fleet = TestFleet.of(1, 1, 2, 2, 8, 0);
    private final IncidentWatch watch = new IncidentWatch(new IdleClassifier(IdleThresholds.DEFAULTS), "relay-hall-1");

    private void healthy(long now) {
        for (int node = 0; node < 4; node++) {
            fleet.busy(node, now);
        }
        fleet.telemetry().writeRack(0, now, 23f, 35f, 30f);
        fleet.telemetry().writeRack(1, now, 23f, 35f, 30f);
    }

    private List<String> check(long now) {
        return watch.check(fleet.telemetry(), now).stream()
                .map(n -> n.change() + " " + n.incident().key() + " " + n.where())
                .toList();
    }

    @Test
    void eachIncidentOpensOnceAndResolvesOnce() {
        healthy(NOW);
        assertThat(check(NOW)).isEmpty();

        fleet.faultedGpu(1, 4, NOW + 1_000);
        List<String> opened = check(NOW + 1_000);
        assertThat(opened).singleElement().asString().startsWith("OPENED GPU:").endsWith("gpu-h1-a01-n2 GPU 4");
        assertThat(check(NOW + 2_000)).as("still open: no second message").isEmpty();
        assertThat(watch.openCount()).isEqualTo(1);

        healthy(NOW + 3_000);
        assertThat(check(NOW + 3_000)).singleElement().asString().startsWith("RESOLVED GPU:");
        assertThat(watch.openCount()).isZero();
    }

    @Test
    void aHotRackIsOneMessageNotOnePerGpu() {
        healthy(NOW);
        check(NOW);
        for (int node = 2; node < 4; node++) {
            fleet.hot(node, NOW + 1_000);
        }
        fleet.telemetry().writeRack(1, NOW + 1_000, 29f, 40f, 30f);

        var notices = watch.check(fleet.telemetry(), NOW + 1_000);

        assertThat(notices).singleElement().satisfies(n -> {
            assertThat(n.incident().count()).isEqualTo(17);
            assertThat(n.title(NoticeLanguage.EN)).isEqualTo("[Warning] Rack inlet too warm: rack h1-a02");
            assertThat(n.lines(NoticeLanguage.ZH_CN)).contains("告警数:17", "来源:relay-hall-1");
        });
    }
}

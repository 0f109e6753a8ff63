package io.headroom.views.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.audit.AgentAuditState;
import io.headroom.core.audit.HeadVerdict;
import io.headroom.core.audit.SignedHead;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.Screenshots;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The operations page lists each agent's audit trail as its signed head showed it, says which
 * one needs a look and why, and stays out of the way while no agent keeps a signed trail.
 */
@ExtendWith(ApplicationExtension.class)
class AgentTrailsOnPageTest {

    private static final Instant SEEN = Instant.parse("2026-12-05T09:30:00Z");

    @Start
    void start(Stage stage) {
        // Snapshots need the toolkit, not a window.
    }

    @Test
    void aRewoundTrailIsNamedAndTheOthersAddUp() throws Exception {
        var desk = new TrailsDesk(List.of(
                state("gpu-agent-a01:50051", 41, 41, new HeadVerdict.WentOn(38, 41)),
                state(
                        "gpu-agent-b07:50051",
                        12,
                        17,
                        new HeadVerdict.Rewritten("the trail ends at record 12, but record 17 was seen on "
                                + "2026-12-04T18:02:11Z: records were cut from its end"))));
        OperationsView view = WaitForAsyncUtils.asyncFx(() -> new OperationsView(new Messages(Locale.US), desk))
                .get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.asyncFx(view::refresh).get(10, TimeUnit.SECONDS);
        // The desk answers at once; its answer lands on the FX thread in a later pulse.
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage shot = WaitForAsyncUtils.asyncFx(
                        () -> Screenshots.snapshot(view, Theme.LAPTOP_LIGHT, 1400, 800, v -> {}))
                .get(20, TimeUnit.SECONDS);
        Screenshots.write(shot, "operations-agent-trails-laptop-light.png");

        List<String> lines = WaitForAsyncUtils.asyncFx(view::agentTrailTexts).get(10, TimeUnit.SECONDS);
        assertThat(lines)
                .containsExactly(
                        "gpu-agent-a01:50051: record 41, signed; went on from record 38 to 41",
                        "gpu-agent-b07:50051: the trail ends at record 12, but record 17 was seen on "
                                + "2026-12-04T18:02:11Z: records were cut from its end");
        assertThat(WaitForAsyncUtils.asyncFx(
                                () -> view.lookup("#agent-trails-table").isVisible())
                        .get(10, TimeUnit.SECONDS))
                .isTrue();
    }

    @Test
    void aTrailThatNeedsALookCanBeTrustedAsItIsNowAndOnlySuchATrail() throws Exception {
        var desk = new TrailsDesk(List.of(
                state("gpu-agent-a01:50051", 41, 41, new HeadVerdict.WentOn(38, 41)),
                state("gpu-agent-b07:50051", 12, 17, new HeadVerdict.Rewritten("records were cut from its end"))));
        OperationsView view = WaitForAsyncUtils.asyncFx(() -> {
                    var v = new OperationsView(new Messages(Locale.US), desk);
                    v.refresh();
                    return v;
                })
                .get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        var table = (javafx.scene.control.TableView<AgentAuditState>) view.lookup("#agent-trails-table");
        var trust = (javafx.scene.control.Button) view.lookup("#agent-trails-trust");
        assertThat(WaitForAsyncUtils.asyncFx(() -> {
                            table.getSelectionModel().select(0);
                            return trust.isDisable();
                        })
                        .get(10, TimeUnit.SECONDS))
                .as("a trail that adds up has nothing to trust")
                .isTrue();
        WaitForAsyncUtils.asyncFx(() -> {
                    table.getSelectionModel().select(1);
                    trust.fire();
                })
                .get(10, TimeUnit.SECONDS);
        assertThat(desk.trusted).containsExactly("gpu-agent-b07:50051");
    }

    @Test
    void noSignedTrailsNoSection() throws Exception {
        var desk = new TrailsDesk(List.of());
        OperationsView view = WaitForAsyncUtils.asyncFx(() -> {
                    var v = new OperationsView(new Messages(Locale.US), desk);
                    v.refresh();
                    return v;
                })
                .get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(WaitForAsyncUtils.asyncFx(() ->
                                view.lookup("#agent-trails-table").getParent().isVisible())
                        .get(10, TimeUnit.SECONDS))
                .isFalse();
    }

    private static AgentAuditState state(String agent, long latest, long kept, HeadVerdict verdict) {
        return new AgentAuditState(agent, head(latest), head(kept), verdict, true, 0, "", 0);
    }

    private static SignedHead head(long record) {
        return new SignedHead(record, "3f2a".repeat(16), "c2ln", new byte[] {1}, SEEN);
    }

    private static final class TrailsDesk extends QuietDesk {
        private final List<AgentAuditState> states;
        final List<String> trusted = new java.util.concurrent.CopyOnWriteArrayList<>();

        TrailsDesk(List<AgentAuditState> states) {
            this.states = states;
        }

        @Override
        public CompletableFuture<List<AgentAuditState>> agentAudits() {
            return CompletableFuture.completedFuture(states);
        }

        @Override
        public CompletableFuture<Void> trustAgentTrail(String agent, String why) {
            trusted.add(agent);
            return CompletableFuture.completedFuture(null);
        }
    }
}

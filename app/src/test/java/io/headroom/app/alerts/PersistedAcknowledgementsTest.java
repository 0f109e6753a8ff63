package io.headroom.app.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.alerts.Alert;
import io.headroom.core.alerts.AlertKind;
import io.headroom.core.alerts.AlertSeverity;
import io.headroom.store.LocalStore;
import io.headroom.store.alerts.AcknowledgementLedger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acknowledgements kept in a real store across a console restart (the store closed and opened again). */
class PersistedAcknowledgementsTest {

    @TempDir
    Path profile;

    private final AtomicLong now =
            new AtomicLong(Instant.parse("2026-03-02T08:00:00Z").toEpochMilli());
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());

    private static Alert hot(String gpu, long since) {
        return new Alert(AlertKind.GPU_HOT, AlertSeverity.WARNING, gpu, 3, 0, 17, "alert.gpu-hot", List.of(), since);
    }

    @Test
    void anAcknowledgedAlertStaysAcknowledgedAfterARestartUntilItsConditionClears() throws Exception {
        try (LocalStore store = LocalStore.open(profile).store();
                var session = PersistedAcknowledgements.load(new AcknowledgementLedger(store), "ana@noc", clock)) {
            session.acknowledge(hot("GPU-1", 1_000));
            assertThat(session.isAcknowledged(hot("GPU-1", 1_000))).isTrue();
            assertThat(session.isAcknowledged(hot("GPU-2", 1_000))).isFalse();
        }

        now.addAndGet(60_000);
        try (LocalStore store = LocalStore.open(profile).store();
                var restarted = PersistedAcknowledgements.load(new AcknowledgementLedger(store), "ana@noc", clock)) {
            // Before the agents answer nothing is raised: the carried-over acknowledgement must survive that.
            restarted.retain(Set.of());
            // The restarted console sees the still-hot GPU afresh, with a new "since".
            assertThat(restarted.isAcknowledged(hot("GPU-1", 90_000)))
                    .as("carried over")
                    .isTrue();
            assertThat(restarted.isAcknowledged(hot("GPU-2", 90_000))).isFalse();

            restarted.retain(Set.of()); // GPU-1 cooled down in this session
            assertThat(restarted.isAcknowledged(hot("GPU-1", 120_000)))
                    .as("hot again: news")
                    .isFalse();
        }

        try (LocalStore store = LocalStore.open(profile).store()) {
            assertThat(new AcknowledgementLedger(store).all())
                    .as("forgotten in the store too")
                    .isEmpty();
        }
    }

    @Test
    void aCarriedOverAcknowledgementWhoseAlertNeverReturnsIsForgottenAfterTheGracePeriod() throws Exception {
        try (LocalStore store = LocalStore.open(profile).store();
                var session = PersistedAcknowledgements.load(new AcknowledgementLedger(store), "ana@noc", clock)) {
            session.acknowledge(hot("GPU-9", 1_000));
        }
        try (LocalStore store = LocalStore.open(profile).store();
                var restarted = PersistedAcknowledgements.load(new AcknowledgementLedger(store), "ana@noc", clock)) {
            restarted.retain(Set.of());
            now.addAndGet(PersistedAcknowledgements.GRACE.toMillis());
            restarted.retain(Set.of());
            assertThat(restarted.isAcknowledged(hot("GPU-9", 900_000))).isFalse();
        }
        try (LocalStore store = LocalStore.open(profile).store()) {
            assertThat(new AcknowledgementLedger(store).all()).isEmpty();
        }
    }
}

package io.headroom.app.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.alerts.Alert;
import io.headroom.core.alerts.AlertKind;
import io.headroom.core.alerts.AlertSeverity;
import io.headroom.core.alerts.Incident;
import io.headroom.core.alerts.IncidentGrouping;
import io.headroom.store.LocalStore;
import io.headroom.store.alerts.SilenceLedger;
import io.headroom.store.audit.AuditFilter;
import io.headroom.store.audit.AuditLog;
import io.headroom.store.audit.rows.AuditEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Silences kept in a real store across a console restart, and each one in the audit log. */
class PersistedSilencesTest {

    private static final long NOW = Instant.parse("2026-03-02T08:00:00Z").toEpochMilli();

    @TempDir
    Path profile;

    private static Incident hotRack() {
        Alert inlet = new Alert(
                AlertKind.RACK_INLET_HOT,
                AlertSeverity.WARNING,
                "h1-a03",
                -1,
                2,
                -1,
                "alert.detail.rack-inlet",
                List.of(28.6f, 27f),
                NOW);
        return IncidentGrouping.group(List.of(inlet)).getFirst();
    }

    @Test
    void aSilenceOutlivesARestartIsAuditedAndEndsOnTime() throws Exception {
        try (LocalStore store = LocalStore.open(profile).store()) {
            try (var session = PersistedSilences.load(new SilenceLedger(store), "ana@noc", NOW)) {
                session.silence(hotRack(), Duration.ofHours(2), "CRAC unit 3 under repair", NOW);
                assertThat(session.silenceOf(hotRack(), NOW + 1)).isPresent();
            } // close waits for the write
        }

        try (LocalStore store = LocalStore.open(profile).store()) {
            try (var restarted = PersistedSilences.load(new SilenceLedger(store), "li@hall-2", NOW + 60_000)) {
                assertThat(restarted.silenceOf(hotRack(), NOW + 60_000)).hasValueSatisfying(s -> {
                    assertThat(s.reason()).isEqualTo("CRAC unit 3 under repair");
                    assertThat(s.by()).isEqualTo("ana@noc");
                });
                assertThat(restarted.silenceOf(
                                hotRack(), NOW + Duration.ofHours(2).toMillis()))
                        .as("over after two hours")
                        .isEmpty();
                restarted.silence(hotRack(), Duration.ofHours(1), "still waiting for the part", NOW + 3 * 3_600_000);
                restarted.lift(hotRack(), NOW + 3 * 3_600_000 + 60_000);
            }
            assertThat(new AuditLog(store).list(AuditFilter.everything()))
                    .extracting(AuditEntry::actor, AuditEntry::action, AuditEntry::target, AuditEntry::reason)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    "ana@noc", SilenceLedger.SILENCE, "RACK:h1-a03", "CRAC unit 3 under repair"),
                            org.assertj.core.groups.Tuple.tuple(
                                    "li@hall-2", SilenceLedger.SILENCE, "RACK:h1-a03", "still waiting for the part"),
                            org.assertj.core.groups.Tuple.tuple("li@hall-2", SilenceLedger.LIFT, "RACK:h1-a03", ""));
        }
    }
}

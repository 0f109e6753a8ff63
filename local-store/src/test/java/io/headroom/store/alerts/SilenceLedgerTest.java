package io.headroom.store.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.alerts.IncidentSilence;
import io.headroom.core.audit.ChainVerdict;
import io.headroom.store.LocalStore;
import io.headroom.store.audit.AuditFilter;
import io.headroom.store.audit.AuditLog;
import io.headroom.store.audit.rows.AuditEntry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SilenceLedgerTest {

    private static final long NOW = 1_760_000_000_000L;
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path profile;

    @Test
    void aSilenceSurvivesARestartIsAuditedAndEnds() throws Exception {
        try (LocalStore store = LocalStore.open(profile).store()) {
            SilenceLedger ledger = new SilenceLedger(store);
            ledger.put(new IncidentSilence("RACK:h1-a03", NOW + 2 * HOUR, "CRAC unit 3 under repair", "ana@noc", NOW));
            ledger.put(new IncidentSilence("GPU:GPU-1", NOW + HOUR, "reseating", "ana@noc", NOW));
        }
        try (LocalStore store = LocalStore.open(profile).store()) {
            SilenceLedger ledger = new SilenceLedger(store);
            assertThat(ledger.active(NOW + 1_000))
                    .containsExactlyInAnyOrder(
                            new IncidentSilence(
                                    "RACK:h1-a03", NOW + 2 * HOUR, "CRAC unit 3 under repair", "ana@noc", NOW),
                            new IncidentSilence("GPU:GPU-1", NOW + HOUR, "reseating", "ana@noc", NOW));
            assertThat(ledger.active(NOW + HOUR))
                    .extracting(IncidentSilence::incidentKey)
                    .containsExactly("RACK:h1-a03");

            ledger.lift("RACK:h1-a03", "li@hall-2", NOW + 10 * 60_000);
            ledger.lift("RACK:never-silenced", "li@hall-2", NOW + 10 * 60_000);
            assertThat(ledger.active(NOW + 20 * 60_000))
                    .extracting(IncidentSilence::incidentKey)
                    .containsExactly("GPU:GPU-1");

            assertThat(new AuditLog(store).list(AuditFilter.everything()))
                    .extracting(
                            AuditEntry::actor,
                            AuditEntry::action,
                            AuditEntry::target,
                            AuditEntry::reason,
                            AuditEntry::result)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    "ana@noc",
                                    SilenceLedger.SILENCE,
                                    "RACK:h1-a03",
                                    "CRAC unit 3 under repair",
                                    "SILENCED"),
                            org.assertj.core.groups.Tuple.tuple(
                                    "ana@noc", SilenceLedger.SILENCE, "GPU:GPU-1", "reseating", "SILENCED"),
                            org.assertj.core.groups.Tuple.tuple(
                                    "li@hall-2", SilenceLedger.LIFT, "RACK:h1-a03", "", "LIFTED"));
            assertThat(new AuditLog(store).verify()).isInstanceOf(ChainVerdict.Intact.class);
        }
    }
}

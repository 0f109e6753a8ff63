package io.headroom.store.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.store.LocalStore;
import io.headroom.store.audit.rows.AuditEntry;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    @TempDir
    Path profile;

    private LocalStore store;
    private AuditLog audit;

    @BeforeEach
    void open() throws Exception {
        store = LocalStore.open(profile).store();
        audit = new AuditLog(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private AuditEntry entry(int minute, String actor, String target, String reason) {
        return AuditEntry.of(
                T0.plusSeconds(60L * minute), actor, "drain", target, reason, "APPLIED", "generation 5", "k" + minute);
    }

    @Test
    void entriesComeBackInOrderAndFilteredByTimeActorAndTarget() throws Exception {
        audit.append(entry(0, "ana", "n1", "fan"));
        audit.append(entry(1, "bo", "n2", "psu"));
        AuditEntry third = audit.append(entry(2, "ana", "n2", "xid 79"));
        assertThat(third.seq()).isPositive();

        assertThat(audit.list(AuditFilter.everything()))
                .extracting(AuditEntry::reason)
                .containsExactly("fan", "psu", "xid 79");
        assertThat(audit.list(AuditFilter.everything().byActor("ana")))
                .extracting(AuditEntry::target)
                .containsExactly("n1", "n2");
        assertThat(audit.list(AuditFilter.everything().onTarget("n2")))
                .extracting(AuditEntry::actor)
                .containsExactly("bo", "ana");
        assertThat(audit.list(AuditFilter.everything().between(T0.plusSeconds(60), T0.plusSeconds(120))))
                .extracting(AuditEntry::reason)
                .containsExactly("psu");
        assertThat(audit.list(AuditFilter.everything().limit(2)))
                .extracting(AuditEntry::reason)
                .containsExactly("psu", "xid 79");
        assertThat(audit.list(AuditFilter.everything()).get(2)).isEqualTo(third);
    }

    @Test
    void entriesCannotBeChangedOrRemovedEvenWithPlainSql() throws Exception {
        audit.append(entry(0, "ana", "n1", "fan"));
        try (Connection c = store.connect();
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET reason = 'nothing happened'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
        }
        assertThat(audit.list(AuditFilter.everything()))
                .extracting(AuditEntry::reason)
                .containsExactly("fan");
    }

    @Test
    void theCsvExportQuotesCommasQuotesAndLineBreaksAndKeepsChineseText() throws Exception {
        List<String> reasons = List.of(
                "plain",
                "fan, then PSU",
                "the \"hot\" one",
                "line one\nline two\r\nthree",
                "更换风扇，机柜 C-12",
                " leading space",
                "");
        for (int i = 0; i < reasons.size(); i++) {
            audit.append(entry(i, i == 4 ? "王工" : "ana", "n" + i, reasons.get(i)));
        }
        StringWriter out = new StringWriter();
        int rows = audit.exportCsv(AuditFilter.everything(), out);
        assertThat(rows).isEqualTo(reasons.size());
        String csv = out.toString();
        assertThat(csv).startsWith(String.join(",", AuditLog.COLUMNS) + "\r\n");
        assertThat(csv).contains("\"fan, then PSU\"").contains("\"the \"\"hot\"\" one\"");

        List<List<String>> records = parseRfc4180(csv);
        assertThat(records).hasSize(reasons.size() + 1);
        for (int i = 0; i < reasons.size(); i++) {
            List<String> record = records.get(i + 1);
            assertThat(record).hasSize(AuditLog.COLUMNS.size());
            assertThat(record.get(5)).isEqualTo(reasons.get(i));
            assertThat(record.get(1)).isEqualTo(T0.plusSeconds(60L * i).toString());
        }
        assertThat(records.get(5).get(2)).isEqualTo("王工");
    }

    @Test
    void aFileExportIsUtf8WithAByteOrderMarkForSpreadsheets() throws Exception {
        audit.append(entry(0, "王工", "n1", "更换风扇"));
        Path file = profile.resolve("audit.csv");
        audit.exportCsv(AuditFilter.everything(), file);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes[0] & 0xFF).isEqualTo(0xEF);
        assertThat(bytes[1] & 0xFF).isEqualTo(0xBB);
        assertThat(bytes[2] & 0xFF).isEqualTo(0xBF);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("王工").contains("更换风扇");
    }

    /** A strict RFC 4180 reader, to check the export from the outside. */
    private static List<List<String>> parseRfc4180(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                assertThat(field).as("a quote may only open a field").isEmpty();
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r') {
                assertThat(text.charAt(i + 1)).as("records end with CRLF").isEqualTo('\n');
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                assertThat(c).as("a bare line feed outside quotes").isNotEqualTo('\n');
                field.append(c);
            }
        }
        assertThat(quoted).isFalse();
        assertThat(field).isEmpty();
        return records;
    }
}

package io.headroom.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.audit.AuditTrails.Run;
import io.headroom.core.audit.ChainVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's audit file and `headroom-agent verify-audit`: tampering of each kind is named at its record. */
class AuditFileTest {

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void writeFiveRecords() throws Exception {
        file = dir.resolve("audit.jsonl");
        try (var audit = AuditFile.open(file)) {
            for (int i = 1; i <= 5; i++) {
                audit.append(record(i));
            }
        }
    }

    private static ExecuteRecord record(int i) {
        return AuditTrails.drain(i, "swap PSU 2, 机柜 3");
    }

    private List<String> lines() throws Exception {
        return new ArrayList<>(Files.readAllLines(file));
    }

    private void rewrite(List<String> lines) throws Exception {
        Files.write(file, lines);
    }

    private Run verifyCommand() {
        return AuditTrails.verifyFile(file);
    }

    @Test
    void anUntouchedFileVerifiesAndAReopenedOneContinuesTheChain() throws Exception {
        try (var audit = AuditFile.open(file)) {
            audit.append(record(6));
        }
        assertThat(AuditFileVerifier.verify(file))
                .isInstanceOfSatisfying(
                        ChainVerdict.Intact.class,
                        intact -> assertThat(intact.records()).isEqualTo(6));
        Run run = verifyCommand();
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("audit trail verifies: 6 records");
    }

    @Test
    void aChangedFieldIsNamedAtItsRecord() throws Exception {
        List<String> lines = lines();
        lines.set(2, lines.get(2).replace("\"result\":\"APPLIED\"", "\"result\":\"REJECTED\""));
        rewrite(lines);
        Run run = verifyCommand();
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("audit trail broken at record 3: the record was changed after it was written");
    }

    @Test
    void aRemovedLineIsNamed() throws Exception {
        List<String> lines = lines();
        lines.remove(2);
        rewrite(lines);
        assertThat(AuditFileVerifier.verify(file))
                .isEqualTo(new ChainVerdict.Broken(3, "it is missing (record 2 is followed by record 4)"));
    }

    @Test
    void reorderedLinesAreNamedWhereTheOrderBreaks() throws Exception {
        List<String> lines = lines();
        Collections.swap(lines, 1, 3);
        rewrite(lines);
        assertThat(AuditFileVerifier.verify(file))
                .isInstanceOfSatisfying(
                        ChainVerdict.Broken.class,
                        broken -> assertThat(broken.record()).isEqualTo(2));
    }

    @Test
    void aLineCutShortIsNamedAndTheAgentGoesOnAfterIt() throws Exception {
        String content = Files.readString(file);
        Files.writeString(file, content.substring(0, content.length() - 20)); // power lost mid-write
        try (var audit = AuditFile.open(file)) {
            audit.append(record(6));
        }
        assertThat(AuditFileVerifier.verify(file)).isInstanceOfSatisfying(ChainVerdict.Broken.class, broken -> {
            assertThat(broken.record()).isEqualTo(5);
            assertThat(broken.problem()).contains("line 5 is not a record");
        });
    }

    @Test
    void aMissingFileIsAnErrorNotAVerdict() {
        file = dir.resolve("nope.jsonl");
        Run run = verifyCommand();
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("audit file " + file + " does not exist").doesNotContain("\tat ");
    }
}

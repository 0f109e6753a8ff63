package io.headroom.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.audit.AuditTrails.Run;
import io.headroom.agent.badinput.AttackRow;
import io.headroom.core.audit.AuditChain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code headroom-agent verify-audit} against the edits it used to miss: the last record
 * deleted, a record forged onto the end with its hash recomputed, a field added, a key given
 * twice with the forged value first, a byte that is not UTF-8, and every break after the first.
 */
class VerifyAuditMissesNothingTest {

    @TempDir
    Path dir;

    private Path file;
    private String head;

    @BeforeEach
    void writeFive() throws Exception {
        file = dir.resolve("audit.jsonl");
        AuditTrails.writeDrains(file, 5);
        head = "5:" + hashOf(lines().getLast());
    }

    private List<String> lines() throws Exception {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    private static String hashOf(String line) {
        return line.replaceAll(".*\"hash\":\"([0-9a-f]{64})\".*", "$1");
    }

    private Run verify(String... options) {
        return AuditTrails.verifyFile(file, options);
    }

    @Test
    void anUntouchedTrailVerifiesAtItsHeadAndPrintsIt() {
        Run run = verify("--expect-head", head);
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("audit trail verifies: 5 records, ending at the head")
                .contains("head " + head);
    }

    @Test
    void theLastRecordDeletedIsCaughtByTheHeadBesideTheFileAndByAGivenHead() throws Exception {
        List<String> lines = lines();
        Files.write(file, lines.subList(0, 4));

        Run beside = verify();
        assertThat(beside.code()).isEqualTo(1);
        assertThat(beside.err())
                .contains("audit trail broken at record 5: it is missing from the end of the trail (the "
                        + "head beside it");
        Run given = verify("--no-head-file", "--expect-head", head);
        assertThat(given.code()).isEqualTo(1);
        assertThat(given.err())
                .contains("record 5: it is missing from the end of the trail (the head given (--expect-head)");
        Run blind = verify("--no-head-file");
        assertThat(blind.code())
                .as("without a head, a cut end cannot be seen, and it says so")
                .isZero();
        assertThat(blind.out()).contains("no head to compare with: records cut from the end would not be noticed");
        new AttackRow(
                        "3a",
                        "the last record deleted from the audit file",
                        "verify-audit exits 1: " + AttackRow.quote(beside.err()) + "; with only a head kept elsewhere"
                                + " (--no-head-file --expect-head): " + AttackRow.quote(given.err()),
                        "verify-audit, against the head beside the file or a head kept elsewhere")
                .write();
    }

    @Test
    void aForgedRecordAppendedWithItsHashRecomputedIsCaughtByTheHead() throws Exception {
        String last = lines().getLast();
        List<String> fields = List.of(
                "6",
                "2026-11-02T09:00:00Z",
                "alice",
                "operator",
                "token",
                "alice@laptop",
                "resume",
                "gpu-node-01",
                "all good",
                "false",
                "key-6",
                "APPLIED",
                "resumed",
                "10.0.0.7",
                "");
        String hash = AuditChain.link(hashOf(last), fields);
        String forged = "{\"seq\":\"6\",\"at\":\"2026-11-02T09:00:00Z\",\"identity\":\"alice\",\"role\":\"operator\","
                + "\"authenticated_by\":\"token\",\"requester\":\"alice@laptop\",\"action\":\"resume\",\"node\":\"gpu-node-01\","
                + "\"reason\":\"all good\",\"dry_run\":\"false\",\"idempotency_key\":\"key-6\",\"result\":\"APPLIED\","
                + "\"message\":\"resumed\",\"peer\":\"10.0.0.7\",\"replay_of\":\"\",\"prev\":\"" + hashOf(last)
                + "\",\"hash\":\"" + hash + "\"}";
        Files.writeString(file, forged + "\n", java.nio.file.StandardOpenOption.APPEND);

        Run run = verify();
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("audit trail broken at record 6: record 6 was added after the head beside it");
        // Rewriting the head beside it too is not enough against a head kept elsewhere.
        Files.writeString(AuditHead.beside(file), "{\"seq\":\"6\",\"hash\":\"" + hash + "\"}\n");
        assertThat(verify().code()).as("the forger's own head agrees").isZero();
        Run elsewhere = verify("--expect-head", head);
        assertThat(elsewhere.code()).isEqualTo(1);
        assertThat(elsewhere.err()).contains("record 6 was added after the head given (--expect-head)");
        new AttackRow(
                        "3b",
                        "a forged record appended with its hash recomputed, and the head beside the file rewritten to"
                                + " match",
                        "verify-audit with the head beside the file passes (the forger's own head); with a head kept"
                                + " elsewhere it exits 1: " + AttackRow.quote(elsewhere.err())
                                + "; the record's missing signature fails with --public-key (SignedAuditTest)",
                        "verify-audit --expect-head with the head a console or relay kept (the Operations page shows it)")
                .write();
    }

    @Test
    void aFieldTheAgentNeverWritesIsReportedWithItsLine() throws Exception {
        List<String> lines = lines();
        lines.set(2, lines.get(2).replace("\"result\":", "\"approved_by\":\"ceo\",\"result\":"));
        Files.write(file, lines);
        Run run = verify();
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err())
                .contains("line 3: audit trail broken at record 3: line 3 has a field the agent never "
                        + "writes: 'approved_by'");
        new AttackRow(
                        "3c",
                        "an extra JSON field added to a record (\"approved_by\":\"ceo\")",
                        "verify-audit exits 1: " + AttackRow.quote(run.err()),
                        "verify-audit (strict JSON)")
                .write();
    }

    @Test
    void aKeyGivenTwiceWithTheForgedValueFirstIsReported() throws Exception {
        List<String> lines = lines();
        // A lenient reader takes the last value, which still matches the hash; another tool may show the first.
        lines.set(1, lines.get(1).replace("{\"seq\"", "{\"result\":\"REJECTED\",\"seq\""));
        Files.write(file, lines);
        Run run = verify();
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err())
                .contains(
                        "line 2: audit trail broken at record 2: line 2 has a field twice (Duplicate field 'result')");
        new AttackRow(
                        "3d",
                        "a key given twice in a record, the forged value first",
                        "verify-audit exits 1: " + AttackRow.quote(run.err()),
                        "verify-audit (strict JSON)")
                .write();
    }

    @Test
    void aByteThatIsNotUtf8IsReportedWithItsLine() throws Exception {
        byte[] content = Files.readAllBytes(file);
        String text = new String(content, StandardCharsets.UTF_8);
        int secondLine = text.indexOf('\n') + 1;
        int at = text.indexOf("swap", secondLine);
        content[at] = (byte) 0xff;
        Files.write(file, content);
        Run run = verify();
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err())
                .containsPattern("line 2: audit trail broken at record 2: line 2 is not valid UTF-8 \\(byte "
                        + "0xFF at byte \\d+ of the line\\)");
        new AttackRow(
                        "3e",
                        "a byte that is not UTF-8 written into a record",
                        "verify-audit exits 1: " + AttackRow.quote(run.err()),
                        "verify-audit, with the line")
                .write();
    }

    @Test
    void everyBreakIsReportedNotOnlyTheFirst() throws Exception {
        List<String> lines = lines();
        lines.set(1, lines.get(1).replace("swap PSU", "swap GPU"));
        lines.set(3, lines.get(3).replace("\"APPLIED\"", "\"REJECTED\""));
        Files.write(file, lines);
        Run run = verify();
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err())
                .contains("line 2: audit trail broken at record 2: the record was changed after it was written")
                .contains("line 4: audit trail broken at record 4: the record was changed after it was written")
                .contains("audit trail broken in 2 places");
        new AttackRow(
                        "3f",
                        "two records edited (a reason, a result)",
                        "verify-audit exits 1 and names both: "
                                + AttackRow.quote(run.err()
                                        .lines()
                                        .filter(l -> l.contains("broken in"))
                                        .findFirst()
                                        .orElse(run.err())),
                        "verify-audit, every break with its line")
                .write();
    }

    @Test
    void aHeadThatCannotBeReadOrAFileThatIsNotThereIsExitTwo() {
        assertThat(verify("--expect-head", "five:abc").code()).isEqualTo(2);
        file = dir.resolve("nope.jsonl");
        Run missing = verify();
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("audit file " + file + " does not exist");
    }
}

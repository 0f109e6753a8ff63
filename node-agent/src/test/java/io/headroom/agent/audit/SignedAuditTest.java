package io.headroom.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.agent.audit.AuditTrails.Run;
import io.headroom.agent.badinput.AttackRow;
import io.headroom.core.audit.AuditChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records signed with the agent's Ed25519 key: the key made at the first start, readable by
 * the agent's user only; {@code verify-audit --public-key} catches a record forged with its
 * hash recomputed even when the head beside the file was rewritten to match.
 */
class SignedAuditTest {

    @TempDir
    Path dir;

    private Path file;
    private Path publicKey;

    @BeforeEach
    void writeThree() throws Exception {
        file = dir.resolve("audit.jsonl");
        AuditTrails.writeDrains(file, 3);
        publicKey = dir.resolve("kept-elsewhere.pub");
        Files.copy(AuditSigner.publicKeyBeside(file), publicKey);
    }

    private Run verify(String... options) {
        return AuditTrails.verifyFile(file, options);
    }

    @Test
    void theKeyIsMadeAtTheFirstStartForTheAgentsUserOnlyAndEveryRecordIsSigned() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(AuditSigner.keyBeside(file))))
                .isEqualTo("rw-------");
        assertThat(Files.readAllLines(file))
                .allSatisfy(line -> assertThat(line).containsPattern("\"sig\":\"[A-Za-z0-9+/]{86}==\""));
        Run run = verify("--public-key", publicKey.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("3 records, ending at the head, each signed by the key given");
    }

    @Test
    void aForgedRecordWithItsHashAndTheHeadRecomputedFailsTheSignature() throws Exception {
        String last = Files.readAllLines(file).getLast();
        String prev = last.replaceAll(".*\"hash\":\"([0-9a-f]{64})\".*", "$1");
        List<String> fields = List.of(
                "4",
                "2026-11-02T09:00:00Z",
                "alice",
                "operator",
                "token",
                "alice@laptop",
                "resume",
                "gpu-node-01",
                "all good",
                "false",
                "key-4",
                "APPLIED",
                "resumed",
                "10.0.0.7",
                "");
        String hash = AuditChain.link(prev, fields);
        Files.writeString(
                file,
                "{\"seq\":\"4\",\"at\":\"2026-11-02T09:00:00Z\",\"identity\":\"alice\",\"role\":\"operator\","
                        + "\"authenticated_by\":\"token\",\"requester\":\"alice@laptop\",\"action\":\"resume\",\"node\":\"gpu-node-01\","
                        + "\"reason\":\"all good\",\"dry_run\":\"false\",\"idempotency_key\":\"key-4\",\"result\":\"APPLIED\","
                        + "\"message\":\"resumed\",\"peer\":\"10.0.0.7\",\"replay_of\":\"\",\"prev\":\"" + prev
                        + "\",\"hash\":\""
                        + hash + "\",\"sig\":\"" + "A".repeat(86) + "==\"}\n",
                StandardOpenOption.APPEND);
        Files.writeString(AuditHead.beside(file), "{\"seq\":\"4\",\"hash\":\"" + hash + "\"}\n");

        assertThat(verify().code())
                .as("chain and head agree: without the key nothing shows")
                .isZero();
        Run run = verify("--public-key", publicKey.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("line 4: audit trail broken at record 4: its signature is not by the key given");
        new AttackRow(
                        "3g",
                        "a forged record appended with its hash and the head beside the file recomputed (no signing key)",
                        "verify-audit without the public key passes; with it exits 1: " + AttackRow.quote(run.err()),
                        "verify-audit --public-key with the public key kept elsewhere")
                .write();
    }

    @Test
    void aRecordWithItsSignatureTakenAwayIsReported() throws Exception {
        List<String> lines = Files.readAllLines(file);
        lines.set(1, lines.get(1).replaceAll(",\"sig\":\"[^\"]*\"", ""));
        Files.write(file, lines);
        Run run = verify("--public-key", publicKey.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("line 2: audit trail broken at record 2: it carries no signature");
    }

    @Test
    void aSigningKeyOthersCanReadIsRefused() throws Exception {
        Files.setPosixFilePermissions(AuditSigner.keyBeside(file), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> AuditFile.open(file))
                .hasMessageContaining("the audit signing key " + AuditSigner.keyBeside(file)
                        + " can be read by users other than its owner (rw-r--r--)");
    }
}

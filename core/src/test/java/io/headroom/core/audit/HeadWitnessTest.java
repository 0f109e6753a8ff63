package io.headroom.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class HeadWitnessTest {

    private static final Instant MONDAY = Instant.parse("2026-11-30T08:00:00Z");
    private final KeyPair agentKey = newKey();

    @Test
    void theFirstHeadIsKeptAndLaterOnesGoOn() {
        SignedHead first = head(agentKey, 4, hash('a'));
        assertThat(HeadWitness.judge(null, first)).isEqualTo(new HeadVerdict.FirstSeen(4));
        HeadVerdict later = HeadWitness.judge(first, head(agentKey, 9, hash('b')));
        assertThat(later).isEqualTo(new HeadVerdict.WentOn(4, 9));
        assertThat(later.trusted()).isTrue();
        assertThat(HeadWitness.judge(first, head(agentKey, 4, hash('a'))).describe())
                .isEqualTo("unchanged at record 4");
    }

    @Test
    void aShorterTrailIsCutFromItsEnd() {
        HeadVerdict verdict = HeadWitness.judge(head(agentKey, 9, hash('b')), head(agentKey, 4, hash('a')));
        assertThat(verdict.trusted()).isFalse();
        assertThat(verdict.describe())
                .isEqualTo("the trail ends at record 4, but record 9 was seen on 2026-11-30T08:00:00Z: records were"
                        + " cut from its end");
    }

    @Test
    void theSameRecordWithAnotherHashWasRewritten() {
        HeadVerdict verdict = HeadWitness.judge(head(agentKey, 9, hash('b')), head(agentKey, 9, hash('c')));
        assertThat(verdict).isInstanceOf(HeadVerdict.Rewritten.class);
        assertThat(verdict.describe()).startsWith("record 9 has another hash");
    }

    @Test
    void aNewKeyIsNamedWithBothFingerprintsAndTheHeadToCheckAgainst() {
        SignedHead kept = head(agentKey, 9, hash('b'));
        HeadVerdict verdict = HeadWitness.judge(kept, head(newKey(), 12, hash('d')));
        assertThat(verdict).isInstanceOf(HeadVerdict.Rewritten.class);
        assertThat(verdict.describe())
                .contains("signed with another key")
                .contains(kept.keyFingerprint().substring(0, 16))
                .contains("--expect-head 9:" + hash('b'));
    }

    @Test
    void aSignatureByAnotherKeyThanTheOneSentIsForged() {
        SignedHead honest = head(agentKey, 9, hash('b'));
        SignedHead forged = new SignedHead(
                9, hash('c'), honest.signature(), agentKey.getPublic().getEncoded(), MONDAY);
        assertThat(HeadWitness.judge(honest, forged)).isInstanceOf(HeadVerdict.Forged.class);
        assertThat(HeadWitness.judge(null, forged).trusted()).isFalse();
        SignedHead garbage = new SignedHead(9, hash('c'), "not base64!", new byte[] {1, 2, 3}, MONDAY);
        assertThat(HeadWitness.judge(null, garbage)).isInstanceOf(HeadVerdict.Forged.class);
    }

    private static String hash(char c) {
        return String.valueOf(c).repeat(64);
    }

    private static SignedHead head(KeyPair key, long record, String hash) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key.getPrivate());
            signer.update(hash.getBytes(StandardCharsets.US_ASCII));
            return new SignedHead(
                    record,
                    hash,
                    Base64.getEncoder().encodeToString(signer.sign()),
                    key.getPublic().getEncoded(),
                    MONDAY);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static KeyPair newKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

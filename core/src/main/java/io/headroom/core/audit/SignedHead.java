package io.headroom.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The latest record of an agent's audit trail as the agent signed it: the number of its last
 * record, that record's hash, and the agent's Ed25519 signature over the hash. Kept off the
 * agent's node (by each console and relay that reads it), so that a trail later cut short, or
 * rewritten at a record a head was seen for, is noticed even when the node's own head file
 * and signatures were rewritten with it.
 *
 * @param record    the last record's number; 0 for an empty trail
 * @param hash      its hash, 64 hex digits
 * @param signature base64 Ed25519 over the hash's 64 ASCII characters
 * @param publicKey the signing key's public half, X.509 SubjectPublicKeyInfo
 * @param seenAt    when this console or relay received it
 */
// equals and hashCode are written out below and compare the key bytes with Arrays.
@SuppressWarnings("ArrayRecordComponent")
public record SignedHead(long record, String hash, String signature, byte[] publicKey, Instant seenAt) {

    public SignedHead {
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Whether the signature is the public key's over the hash. */
    public boolean signatureVerifies() {
        try {
            KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
            PublicKey key = ed25519.generatePublic(new X509EncodedKeySpec(publicKey));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(hash.getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether both heads were signed with the same key. */
    public boolean sameKey(SignedHead other) {
        return Arrays.equals(publicKey, other.publicKey);
    }

    /** SHA-256 of the public key, hex: what the agent prints at start, to compare with a copy kept elsewhere. */
    public String keyFingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** {@code 41:3f2a...}, as verify-audit takes it with {@code --expect-head}. */
    public String asExpectedHead() {
        return record + ":" + hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedHead h
                && record == h.record
                && hash.equals(h.hash)
                && signature.equals(h.signature)
                && Arrays.equals(publicKey, h.publicKey)
                && seenAt.equals(h.seenAt);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(record) * 31 + hash.hashCode();
    }

    @Override
    public String toString() {
        return "SignedHead[" + asExpectedHead() + ", seen " + seenAt + "]";
    }
}

package io.headroom.agent.audit;

import java.io.IOException;

/** Where an agent writes down the Execute calls it answered. */
public interface AuditTrail extends AutoCloseable {

    /** Keeps no record (the embedded simulator, tests); the agent's log still says what it did. */
    AuditTrail NONE = new AuditTrail() {
        @Override
        public void append(ExecuteRecord record) {}

        @Override
        public void close() {}
    };

    /** Writes one record durably before returning. */
    void append(ExecuteRecord record) throws IOException;

    /**
     * A refusal by {@code caller} (an identity, or an address): written short, and only within
     * the caller's budget of audit bytes; past it, counted.
     */
    default void appendRefusal(ExecuteRecord record, String caller) throws IOException {
        append(record);
    }

    /** The number of the record holding the result of this idempotency key's operation; 0 when unknown. */
    default long resultRecordOf(String idempotencyKey) {
        return 0;
    }

    /** How the trail is doing; null for a trail that keeps nothing. */
    default AuditStatus status() {
        return null;
    }

    /**
     * The last record's number and hash, signed; null for a trail that keeps nothing or signs
     * nothing. Consoles and relays keep the latest one they read, off the node.
     */
    default HeadSignature signedHead() {
        return null;
    }

    /**
     * A head as the agent signs it.
     *
     * @param record    the last record's number, 0 for an empty trail
     * @param hash      its hash (64 hex digits; the chain's genesis for an empty trail)
     * @param signature base64 Ed25519 over the hash's ASCII characters
     * @param publicKey the key's public half, X.509 SubjectPublicKeyInfo
     */
    // The key's bytes as read: a head is passed on, never compared with another.
    @SuppressWarnings("ArrayRecordComponent")
    record HeadSignature(long record, String hash, String signature, byte[] publicKey) {}

    @Override
    void close();
}

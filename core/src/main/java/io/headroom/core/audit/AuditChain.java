package io.headroom.core.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash that links an audit record to the one before it: SHA-256 over a canonical encoding
 * of the record's fields followed by the previous record's hash. Changing, removing or
 * reordering a record changes a hash that a later record (or the record itself) vouches for.
 *
 * <p>Canonical encoding, so the same record always hashes the same whatever stores it (a
 * database row, a JSON line): the tag {@code headroom-audit-v1}, the field count, then each
 * field as a 4-byte big-endian length and its UTF-8 bytes (-1 and no bytes for an absent
 * field), then the previous hash's 64 hex characters. Lengths make the encoding unambiguous:
 * no two different field lists encode alike.
 */
public final class AuditChain {

    /** The "previous hash" of the first record. */
    public static final String GENESIS = "0".repeat(64);

    private static final byte[] TAG = "headroom-audit-v1".getBytes(StandardCharsets.US_ASCII);

    private AuditChain() {}

    /** The hash of a record with these fields whose predecessor's hash is {@code previousHash}. */
    public static String link(String previousHash, List<String> fields) {
        if (previousHash == null || previousHash.length() != 64) {
            throw new IllegalArgumentException("previous hash must be 64 hex characters, was " + previousHash);
        }
        var bytes = new ByteArrayOutputStream(256);
        bytes.writeBytes(TAG);
        writeInt(bytes, fields.size());
        for (String field : fields) {
            if (field == null) {
                writeInt(bytes, -1);
            } else {
                byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                writeInt(bytes, utf8.length);
                bytes.writeBytes(utf8);
            }
        }
        bytes.writeBytes(previousHash.getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha256().digest(bytes.toByteArray()));
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }
}

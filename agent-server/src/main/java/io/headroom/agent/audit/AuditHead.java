package io.headroom.agent.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the trail ended when last written: the number and hash of its last record. The agent
 * keeps it in a small file beside the audit file ({@code audit.jsonl.head}), rewritten after
 * every record, so that records cut from the end (while it runs or while it is stopped) are
 * noticed; an operator keeps a copy elsewhere and gives it to {@code verify-audit --expect-head}.
 *
 * @param seq  the last record's number; 0 with {@code hash} alone (a head noted as a hash only)
 * @param hash the last record's hash, 64 hex digits
 */
public record AuditHead(long seq, String hash) {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    public AuditHead {
        if (hash == null || !HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("a head's hash is 64 hex digits, was " + hash);
        }
    }

    /** The side file of an audit file. */
    public static Path beside(Path auditFile) {
        return auditFile.resolveSibling(auditFile.getFileName() + ".head");
    }

    /** {@code 41:3f2a...} or the hash alone, as verify-audit prints it and an operator writes it down. */
    public static AuditHead parse(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        int colon = t.indexOf(':');
        try {
            return colon < 0
                    ? new AuditHead(0, t)
                    : new AuditHead(Long.parseLong(t.substring(0, colon)), t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a head: write RECORD:HASH (as verify-audit prints it) or the hash");
        }
    }

    @Override
    public String toString() {
        return seq == 0 ? hash : seq + ":" + hash;
    }

    /** The head the agent last wrote beside {@code auditFile}; empty when there is none. */
    public static Optional<AuditHead> read(Path auditFile) throws IOException {
        Path file = beside(auditFile);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            JsonNode node = AuditFile.JSON.readTree(text);
            return Optional.of(new AuditHead(
                    Long.parseLong(node.get("seq").asText()), node.get("hash").asText()));
        } catch (IOException | RuntimeException e) {
            throw new IOException("the audit head " + file + " is not one the agent wrote: " + text.strip());
        }
    }

    /** Replaces the side file in one step: a crash leaves the old head or the new one, never half of one. */
    void write(Path auditFile) throws IOException {
        Path file = beside(auditFile);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] line = ("{\"seq\":\"" + seq + "\",\"hash\":\"" + hash + "\"}\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(line);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(false);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}

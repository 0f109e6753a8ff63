package io.headroom.agent.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.headroom.core.audit.AuditChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The agent's audit file: one JSON object per line, only ever appended, each carrying the
 * SHA-256 of the line before it ({@code prev}) and its own ({@code hash}), so that
 * {@code headroom-agent verify-audit FILE} finds the first line that was changed, removed or
 * moved. Every record is forced to disk before the caller gets its answer.
 */
public final class AuditFile implements AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditFile.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private long seq;
    private String lastHash;

    private AuditFile(Path file, FileChannel channel, long seq, String lastHash) {
        this.file = file;
        this.channel = channel;
        this.seq = seq;
        this.lastHash = lastHash;
    }

    /**
     * Opens (or creates, readable by the agent's user and group only) the file and continues its
     * chain after its last record.
     *
     * @throws IOException naming the file when it cannot be read or written
     */
    public static AuditFile open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException("audit file " + file + ": directory " + parent + " does not exist");
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        } catch (FileAlreadyExistsException e) {
            // continue the existing trail
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (IOException e) {
            throw new IOException("audit file " + file + " cannot be created: " + e.getMessage(), e);
        }
        Tail tail = Tail.of(file);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IOException("audit file " + file + " cannot be written: " + e.getMessage(), e);
        }
        if (tail.torn()) {
            // A write cut short (power loss): end that line so the next record starts on its own;
            // verify-audit will name the cut one.
            log.warn("audit file {} ends in a partial record; continuing after it (verify-audit will report it)", file);
            channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
        }
        return new AuditFile(file, channel, tail.seq(), tail.hash());
    }

    /** The last complete record's number and hash. */
    private record Tail(long seq, String hash, boolean torn) {
        static Tail of(Path file) throws IOException {
            long seq = 0;
            String hash = AuditChain.GENESIS;
            byte[] content = Files.readAllBytes(file);
            boolean torn = content.length > 0 && content[content.length - 1] != '\n';
            for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    var node = JSON.readTree(line);
                    if (node.hasNonNull("seq") && node.hasNonNull("hash")) {
                        seq = node.get("seq").asLong();
                        hash = node.get("hash").asText();
                    }
                } catch (IOException e) {
                    // an unreadable line: verify-audit reports it; the chain goes on from the last good one
                }
            }
            return new Tail(seq, hash, torn);
        }
    }

    @Override
    public synchronized void append(ExecuteRecord record) throws IOException {
        long next = seq + 1;
        List<String> values = record.values(next);
        String hash = AuditChain.link(lastHash, values);
        ObjectNode line = JSON.createObjectNode();
        for (int i = 0; i < ExecuteRecord.FIELDS.size(); i++) {
            line.put(ExecuteRecord.FIELDS.get(i), values.get(i));
        }
        line.put("prev", lastHash);
        line.put("hash", hash);
        ByteBuffer bytes = ByteBuffer.wrap((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        channel.force(false);
        seq = next;
        lastHash = hash;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("closing audit file {}: {}", file, e.getMessage());
        }
    }
}

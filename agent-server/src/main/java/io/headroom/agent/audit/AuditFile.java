package io.headroom.agent.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.headroom.core.audit.AuditChain;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's audit file: one JSON object per line, only ever appended, each carrying the
 * SHA-256 of the line before it ({@code prev}) and its own ({@code hash}), so that
 * {@code headroom-agent verify-audit FILE} finds every line that was changed, removed or
 * moved. Every record is forced to disk before the caller gets its answer.
 *
 * <p>The file stays the file: before each record the agent checks that the file at the
 * configured path is still the one it opened and as long as it left it. Deleted, replaced (an
 * editor, {@code sed -i}, logrotate), truncated or written to by another program, the agent says
 * so (an ERROR line, {@code /metrics}, and the operation it refuses) and starts a new segment at
 * the path whose first record links to the last record it wrote and says why; until it can, it
 * carries out nothing. Beside the file it keeps the head ({@link AuditHead}), so that a
 * restarted agent notices records that vanished while it was stopped. Each record's hash is
 * signed with the agent's Ed25519 key ({@link AuditSigner}).
 */
public final class AuditFile implements AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditFile.class);
    static final ObjectMapper JSON = new ObjectMapper();
    /** Idempotency keys remembered for replays: the ledger's own default retention. */
    private static final int REMEMBERED_KEYS = 10_000;
    /** Longest text a refusal keeps of each field a caller chose. */
    static final int REFUSAL_FIELD_CHARS = 200;

    private final Path file;
    private FileChannel channel;
    private Object fileKey;
    private long written;
    private long seq;
    private String lastHash;
    /** Why the trail is interrupted while no new segment could be started; null when it is not. */
    private String interrupted;

    private long interruptions;
    private String lastInterruption = "";
    private boolean headUnwritable;
    private final RefusalBudget budget = new RefusalBudget();
    private AuditSigner signer;
    private final Map<String, Long> resultOf = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_KEYS;
        }
    };

    private AuditFile(Path file) {
        this.file = file;
    }

    /**
     * Opens (or creates, readable by the agent's user and group only) the file and continues its
     * chain after its last record. When the file does not end with the record the agent last
     * wrote (its head, kept beside it), says so and starts a new segment linked to that record.
     *
     * @throws IOException naming the file when it cannot be read or written
     */
    public static AuditFile open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new IOException("audit.file " + file + " is a directory; name a file in it, such as "
                    + file.resolve("audit.jsonl"));
        }
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException("audit.file " + file + ": directory " + parent + " does not exist");
        }
        create(file);
        var audit = new AuditFile(file);
        try {
            audit.signer = AuditSigner.forFile(file);
        } catch (AccessDeniedException e) {
            throw new IOException(
                    "audit file " + file + ": its signing key " + AuditSigner.keyBeside(file)
                            + " cannot be made or read: permission denied",
                    e);
        }
        Tail tail = audit.readTail();
        try {
            audit.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IOException("audit file " + file + " cannot be written: " + reason(e), e);
        }
        audit.fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        if (tail.torn()) {
            // A write cut short (power loss): end that line so the next record starts on its own;
            // verify-audit will name the cut one.
            log.warn("audit file {} ends in a partial record; continuing after it (verify-audit will report it)", file);
            audit.channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
        }
        audit.written = audit.channel.size();
        audit.seq = tail.seq();
        audit.lastHash = tail.hash();
        audit.checkHead(tail);
        return audit;
    }

    private static void create(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        } catch (FileAlreadyExistsException e) {
            // continue the existing trail
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (IOException e) {
            throw new IOException("audit file " + file + " cannot be created: " + reason(e), e);
        }
    }

    private static String reason(IOException e) {
        return e instanceof AccessDeniedException
                ? "permission denied"
                : e instanceof NoSuchFileException ? "its directory does not exist" : String.valueOf(e.getMessage());
    }

    /** The last complete record's number and hash, and the last hash of each idempotency key's result. */
    private record Tail(long seq, String hash, long records, boolean torn) {}

    private Tail readTail() throws IOException {
        long last = 0;
        long records = 0;
        String hash = AuditChain.GENESIS;
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("audit file " + file + " cannot be read: " + reason(e), e);
        }
        boolean torn = content.length > 0 && content[content.length - 1] != '\n';
        // -1: keep trailing empty strings (the check's advice); blank lines are skipped below either way.
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n", -1)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                var node = JSON.readTree(line);
                if (node.hasNonNull("seq") && node.hasNonNull("hash")) {
                    last = node.get("seq").asLong();
                    hash = node.get("hash").asText();
                    records++;
                    remember(
                            node.path("idempotency_key").asText(""),
                            node.path("identity").asText(""),
                            node.path("result").asText(""),
                            node.path("dry_run").asText(""),
                            last);
                }
            } catch (IOException e) {
                // an unreadable line: verify-audit reports it; the chain goes on from the last good one
            }
        }
        return new Tail(last, hash, records, torn);
    }

    /** The record that holds a key's result, for a later replay of it to point at. */
    private void remember(String key, String identity, String result, String dryRun, long number) {
        if (key.isEmpty() || identity.equals("agent") || dryRun.equals("true")) {
            return;
        }
        switch (result) {
            case "REQUESTED",
                    "PERMISSION_DENIED",
                    ExecuteRecord.REPLAY,
                    ExecuteRecord.NOT_PASSED_ON,
                    ExecuteRecord.SEGMENT,
                    ExecuteRecord.DROPPED -> {}
            default -> resultOf.put(key, number);
        }
    }

    /**
     * Compares the end of the file with the head the agent wrote beside it when it last ran:
     * records removed from the end, or added by someone else, while the agent was stopped.
     */
    private void checkHead(Tail tail) throws IOException {
        Optional<AuditHead> head;
        try {
            head = AuditHead.read(file);
        } catch (IOException e) {
            head = Optional.empty();
            interrupt("given a head file the agent did not write while it was stopped (" + e.getMessage() + ")", null);
        }
        if (head.isEmpty()) {
            if (tail.records() > 0) {
                log.warn(
                        "audit file {} has {} records but no head file {} (the first start of this version, or it was "
                                + "deleted): records removed from its end while the agent was stopped cannot be noticed this "
                                + "time",
                        file,
                        tail.records(),
                        AuditHead.beside(file));
            }
            writeHead();
            return;
        }
        AuditHead was = head.get();
        if (was.seq() == seq && was.hash().equals(lastHash)) {
            return;
        }
        if (seq == was.seq() + 1 && previousOfLast().equals(Optional.of(was.hash()))) {
            // The agent stopped between writing a record and its head: the record is its own.
            log.warn(
                    "audit file {}: the head beside it names record {}, the file ends one record later (the agent "
                            + "stopped between writing record {} and its head); continuing",
                    file,
                    was.seq(),
                    seq);
            writeHead();
            return;
        }
        String what = (seq < was.seq()
                        ? "cut while the agent was stopped: records vanished: it ends at record " + seq
                        : seq == was.seq()
                                ? "rewritten while the agent was stopped: its record " + seq
                                        + " is not the one the agent wrote, and it ends at record " + seq
                                : "added to while the agent was stopped (or rewritten): it ends at record " + seq)
                + " but the agent last wrote record " + was.seq() + " (hash "
                + was.hash().substring(0, 16) + "…)";
        interrupt(what, was);
        if (interrupted != null) {
            throw new IOException("audit file " + file + ": " + interrupted);
        }
    }

    /** The {@code prev} of the file's last record, to tell a crash between record and head from tampering. */
    private Optional<String> previousOfLast() throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                try {
                    return Optional.of(JSON.readTree(lines.get(i)).path("prev").asText(""));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void append(ExecuteRecord record) throws IOException {
        continuous(record.at());
        write(record);
    }

    /**
     * A refusal, kept short (each field a caller chose cut to {@value #REFUSAL_FIELD_CHARS}
     * characters, with its length) and within the audit budget: past it, counted and summed up
     * in one record when the minute is over.
     */
    @Override
    public synchronized void appendRefusal(ExecuteRecord record, String caller) throws IOException {
        continuous(record.at());
        ExecuteRecord compact = new ExecuteRecord(
                record.at(),
                record.identity(),
                record.role(),
                record.authenticatedBy(),
                shorten(record.requester()),
                shorten(record.action()),
                shorten(record.node()),
                shorten(record.reason()),
                record.dryRun(),
                shorten(record.idempotencyKey()),
                record.result(),
                shorten(record.message()),
                record.peer(),
                record.replayOf());
        byte[] line = line(compact, seq + 1).line();
        if (budget.admit(caller, line.length, record.at())) {
            write(compact);
        }
    }

    static String shorten(String text) {
        if (text.length() <= REFUSAL_FIELD_CHARS) {
            return text;
        }
        int cut = Character.isHighSurrogate(text.charAt(REFUSAL_FIELD_CHARS - 1))
                ? REFUSAL_FIELD_CHARS - 1
                : REFUSAL_FIELD_CHARS;
        return text.substring(0, cut) + "… (" + text.length() + " characters)";
    }

    /**
     * Makes sure the next record continues the trail in the file at the path: writes a due
     * budget summary, and when the file was lost, cut or replaced, starts a new segment.
     *
     * @throws AuditInterruptedException when the file was lost, cut or replaced just now (the
     *                                   operation is refused so that its requester hears of it), or
     *                                   earlier and no new segment can be started yet
     */
    private void continuous(Instant at) throws IOException {
        String lost = interrupted != null ? null : lostFile();
        if (lost != null) {
            interrupt(lost + " while the agent ran", null);
            throw new AuditInterruptedException(
                    "the audit file " + file + " was " + lost + " while the agent ran (after "
                            + "record " + (interrupted == null ? seq - 1 : seq) + "); "
                            + (interrupted == null
                                    ? "the agent started a new segment there that continues the trail, and refused this operation so "
                                            + "that you know: send it again"
                                    : "the agent cannot start a new one (" + interrupted
                                            + ") and carries out no operation until it can"));
        }
        if (interrupted != null) {
            String before = interrupted;
            if (!startSegment(before)) {
                throw new AuditInterruptedException("the audit file " + file + " cannot be written: " + before
                        + "; the agent carries out no operation until it can start a new segment there");
            }
            interrupted = null;
        }
        ExecuteRecord summary = budget.summaryDue(at);
        if (summary != null) {
            write(summary);
        }
    }

    /** What happened to the file since the agent last wrote to it, or null when it is as the agent left it. */
    private String lostFile() throws IOException {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return "deleted";
        }
        if (!now.isRegularFile()) {
            return "replaced by something that is not a file";
        }
        if (fileKey != null && !fileKey.equals(now.fileKey())) {
            return "replaced (another file is at its path: moved away or rotated, or rewritten by an editor or sed -i)";
        }
        long size = channel.size();
        if (size < written) {
            return "truncated (" + size + " of the " + written + " bytes the agent wrote are left)";
        }
        if (size > written) {
            return "written to by another program (" + (size - written) + " bytes the agent did not write)";
        }
        return null;
    }

    /**
     * Says loudly that the trail was interrupted and starts a new segment linked to
     * {@code head} (the last record the agent wrote, its current one when null).
     */
    private void interrupt(String what, AuditHead head) {
        interruptions++;
        lastInterruption = what;
        log.error(
                "audit file {} was {}; starting a new segment there that continues the trail from record {}",
                file,
                what,
                head == null ? seq : head.seq());
        if (head != null) {
            seq = head.seq();
            lastHash = head.hash();
        }
        if (!startSegment(what)) {
            interrupted = what;
        }
    }

    /** Opens the file at the path (creating it if it is gone) and writes the segment's first record. */
    private boolean startSegment(String why) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // the old file is no longer ours
        }
        try {
            create(file);
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            if (!endsWithLineEnd()) {
                channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
            }
            written = channel.size();
            write(ExecuteRecord.ofAgent(
                    Instant.now(),
                    "audit-segment",
                    "audit file " + why,
                    ExecuteRecord.SEGMENT,
                    "continues the trail after record " + seq + " (hash " + lastHash.substring(0, 16) + "…)",
                    ""));
            log.info("audit file {}: new segment started at record {}", file, seq);
            return true;
        } catch (IOException e) {
            log.error(
                    "audit file {} cannot be started again ({}); the agent carries out no operation until it can",
                    file,
                    e.getMessage());
            return false;
        }
    }

    /** Whether what is in the file now (someone else's, perhaps) ends with a line end, or is empty. */
    private boolean endsWithLineEnd() throws IOException {
        try (FileChannel read = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = read.size();
            if (size == 0) {
                return true;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            read.read(last, size - 1);
            return last.get(0) == '\n';
        }
    }

    // The encoded bytes, appended to the file as they are; a Line is never compared or hashed.
    @SuppressWarnings("ArrayRecordComponent")
    private record Line(byte[] line, String hash) {}

    private Line line(ExecuteRecord record, long number) throws IOException {
        List<String> values = record.values(number);
        String hash = AuditChain.link(lastHash, values);
        ObjectNode line = JSON.createObjectNode();
        for (int i = 0; i < ExecuteRecord.FIELDS.size(); i++) {
            line.put(ExecuteRecord.FIELDS.get(i), values.get(i));
        }
        line.put("prev", lastHash);
        line.put("hash", hash);
        if (signer != null) {
            line.put("sig", signer.sign(hash));
        }
        return new Line((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8), hash);
    }

    private void write(ExecuteRecord record) throws IOException {
        long next = seq + 1;
        Line line = line(record, next);
        ByteBuffer bytes = ByteBuffer.wrap(line.line());
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        channel.force(false);
        written = channel.size();
        seq = next;
        lastHash = line.hash();
        remember(record.idempotencyKey(), record.identity(), record.result(), Boolean.toString(record.dryRun()), next);
        writeHead();
    }

    private void writeHead() {
        try {
            new AuditHead(seq == 0 ? 0 : seq, lastHash).write(file);
            headUnwritable = false;
        } catch (IOException e) {
            if (!headUnwritable) {
                log.error(
                        "audit file {}: its head {} cannot be written ({}); records cut from its end would not be "
                                + "noticed",
                        file,
                        AuditHead.beside(file),
                        e.getMessage());
            }
            headUnwritable = true;
        }
    }

    @Override
    public synchronized long resultRecordOf(String idempotencyKey) {
        return resultOf.getOrDefault(idempotencyKey, 0L);
    }

    @Override
    public synchronized AuditStatus status() {
        boolean intact;
        try {
            intact = interrupted == null && lostFile() == null;
        } catch (IOException e) {
            intact = false;
        }
        return new AuditStatus(
                seq, interruptions, interrupted == null, intact, lastInterruption, budget.droppedTotal());
    }

    @Override
    public synchronized HeadSignature signedHead() {
        return new HeadSignature(seq, lastHash, signer.sign(lastHash), signer.publicKeyBytes());
    }

    public Path file() {
        return file;
    }

    /** The key each record's hash is signed with. */
    public AuditSigner signer() {
        return signer;
    }

    @Override
    public synchronized void close() {
        try {
            ExecuteRecord summary = budget.summaryNow(Instant.now());
            if (summary != null && interrupted == null && lostFile() == null) {
                write(summary);
            }
        } catch (IOException e) {
            log.warn("audit file {}: the count of refusals left out could not be written: {}", file, e.getMessage());
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("closing audit file {}: {}", file, e.getMessage());
        }
    }
}

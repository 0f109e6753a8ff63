package io.headroom.agent.operations;

import com.google.protobuf.InvalidProtocolBufferException;
import io.headroom.protocol.v1.ExecuteResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotency ledger on disk: one line per event, appended and fsync'd before the agent
 * answers. A line is {@code started} (written before the backend runs) or {@code done} (with
 * the answer); each carries a CRC, so a line cut short by a crash or a bad disk is recognised
 * and skipped, with a log message, instead of stopping the agent or being misread.
 *
 * <pre>v1 done 1764000000000 b3AtMQ 9f86d0...  CAISDmdwdS0wNyBkcmFpbmVk 1a2b3c4d</pre>
 * (version, event, time, key in base64url, request digest, answer as base64 protobuf or "-", CRC32 of the rest)
 */
final class LedgerFile implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LedgerFile.class);
    private static final String VERSION = "v1";
    private static final Base64.Encoder KEY_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder KEY_DECODER = Base64.getUrlDecoder();

    /** One line of the file. {@code answer} is null for {@code started}. */
    record Line(long timeMillis, String key, String digest, ExecuteResponse answer) {
        boolean done() {
            return answer != null;
        }
    }

    private final Path file;
    private FileChannel channel;
    private int lines;

    private LedgerFile(Path file) {
        this.file = file;
    }

    /** Reads every readable line, skipping (and logging) damaged ones. A missing file is an empty ledger. */
    static List<Line> read(Path file) throws IOException {
        List<Line> result = new ArrayList<>();
        if (!Files.exists(file)) {
            return result;
        }
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] raw = text.split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String line = raw[i];
            boolean last = i == raw.length - 1;
            if (line.isEmpty()) {
                continue;
            }
            if (last) {
                // No newline after it: the write that made it never finished.
                log.warn(
                        "{} line {}: the last line was cut short (the agent stopped while writing it); skipped",
                        file,
                        i + 1);
                continue;
            }
            try {
                result.add(parse(line));
            } catch (IllegalArgumentException e) {
                log.warn("{} line {}: {}; skipped", file, i + 1, e.getMessage());
            }
        }
        return result;
    }

    /**
     * Rewrites the file with only {@code keep} (atomically: a crash leaves the old file or the
     * new one) and opens it for appending.
     */
    static LedgerFile compactAndOpen(Path file, List<Line> keep) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel out =
                    FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                StringBuilder text = new StringBuilder();
                keep.forEach(line -> text.append(format(line)).append('\n'));
                write(out, text.toString());
                out.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(parent);
        LedgerFile ledger = new LedgerFile(file);
        ledger.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        ledger.lines = keep.size();
        return ledger;
    }

    /** Appends one line and waits until it is on disk. */
    void append(Line line) throws IOException {
        write(channel, format(line) + "\n");
        channel.force(false);
        lines++;
    }

    /** Lines in the file now, counting those written since it was last compacted. */
    int lines() {
        return lines;
    }

    Path path() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static void write(FileChannel channel, String text) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** So that the rename itself survives a power cut, not only the file's content. */
    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            log.debug("cannot sync directory {}: {}", directory, e.getMessage()); // not every file system allows it
        }
    }

    static String format(Line line) {
        String body = VERSION + " " + (line.done() ? "done" : "started") + " " + line.timeMillis() + " "
                + KEY_ENCODER.encodeToString(line.key().getBytes(StandardCharsets.UTF_8)) + " " + line.digest() + " "
                + (line.done()
                        ? Base64.getEncoder().encodeToString(line.answer().toByteArray())
                        : "-");
        return body + " " + crc(body);
    }

    static Line parse(String line) {
        int lastSpace = line.lastIndexOf(' ');
        if (lastSpace < 0) {
            throw new IllegalArgumentException("not a ledger line");
        }
        String body = line.substring(0, lastSpace);
        if (!crc(body).equals(line.substring(lastSpace + 1))) {
            throw new IllegalArgumentException("its checksum does not match (damaged)");
        }
        // -1: a trailing empty field is kept and counted, so a line with a stray trailing space is refused
        // instead of silently passing as six fields (the check's advice; our own lines never have one).
        String[] fields = body.split(" ", -1);
        if (fields.length != 6 || !fields[0].equals(VERSION)) {
            throw new IllegalArgumentException("not a " + VERSION + " ledger line");
        }
        boolean done = switch (fields[1]) {
            case "done" -> true;
            case "started" -> false;
            default -> throw new IllegalArgumentException("unknown event '" + fields[1] + "'");
        };
        try {
            long time = Long.parseLong(fields[2]);
            String key = new String(KEY_DECODER.decode(fields[3]), StandardCharsets.UTF_8);
            ExecuteResponse answer =
                    done ? ExecuteResponse.parseFrom(Base64.getDecoder().decode(fields[5])) : null;
            return new Line(time, key, fields[4], answer);
        } catch (NumberFormatException | InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("unreadable (" + e.getMessage() + ")");
        }
    }

    private static String crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }
}

package io.headroom.agent.history.keeper;

import io.headroom.protocol.v1.HistoryResolution;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history files in one folder: appends (each close of a period written and forced to disk
 * at once), whole-file reads for answers, retention by file name, and files found damaged moved
 * aside under a name that says so ("hours-2026-12.hrh.corrupt-20261206T021500Z"), with a fresh
 * file started in their place. Thread-safe: the keeper writes, answers read.
 */
final class HistoryStore {

    private static final Logger log = LoggerFactory.getLogger(HistoryStore.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Minutes for 48 hours, hours for 90 days, days for 2 years. */
    static Duration retention(HistoryResolution resolution) {
        return switch (resolution) {
            case HISTORY_RESOLUTION_MINUTE -> Duration.ofDays(2);
            case HISTORY_RESOLUTION_HOUR -> Duration.ofDays(90);
            default -> Duration.ofDays(731);
        };
    }

    /** A file that was set aside: the time it held is lost, and answers say so. */
    record SetAside(Segment segment, Path file) {}

    private final Path directory;
    private final FileChannel lockFile;

    /** Takes the folder for this process: two agents writing one folder would interleave their records. */
    HistoryStore(Path directory) throws IOException {
        this.directory = directory;
        Files.createDirectories(directory);
        if (!Files.isWritable(directory)) {
            throw new IOException(directory + " is not writable by the agent");
        }
        lockFile = FileChannel.open(
                directory.resolve("history.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock;
        try {
            lock = lockFile.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockFile.close();
            throw new IOException(directory + " is in use by another agent (history.lock is held)");
        }
    }

    /** Lets the folder go (the lock goes with the process too, kill -9 included). */
    synchronized void close() {
        try {
            lockFile.close();
        } catch (IOException e) {
            log.debug("closing {}: {}", directory.resolve("history.lock"), e.toString());
        }
    }

    Path directory() {
        return directory;
    }

    synchronized void append(HistoryResolution resolution, long periodStartMs, List<KeptRecord> records)
            throws IOException {
        if (records.isEmpty()) {
            return;
        }
        Path file = directory.resolve(Segment.of(resolution, periodStartMs).fileName());
        var bytes = new ByteArrayOutputStream(records.size() * 160 + HistoryFile.HEADER.length);
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        if (fresh) {
            bytes.write(HistoryFile.HEADER);
        }
        for (KeptRecord record : records) {
            bytes.write(HistoryFile.encode(record));
        }
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
    }

    /** The files of a resolution that overlap [from, to), oldest first. */
    synchronized List<Path> files(HistoryResolution resolution, long from, long to) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> list = Files.list(directory)) {
            list.filter(p -> {
                        String name = p.getFileName().toString();
                        Segment s = Segment.parse(name);
                        return name.endsWith(Segment.SUFFIX)
                                && s != null
                                && s.resolution() == resolution
                                && s.overlaps(from, to);
                    })
                    .sorted()
                    .forEach(out::add);
        }
        return out;
    }

    /** A file's bytes, empty when it is gone (retention got to it). */
    synchronized byte[] read(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new byte[0];
        }
    }

    /**
     * Reads a file, dropping a torn tail (what a kill mid-write leaves) and setting the file
     * aside when it is damaged; returns the records kept.
     */
    synchronized List<KeptRecord> check(Path file) throws IOException {
        byte[] bytes = read(file);
        HistoryFile.Scan scan = HistoryFile.scan(bytes);
        if (scan.damage() != null) {
            setAside(file, scan.damage());
            return List.of();
        }
        if (scan.tornTail(bytes.length)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(scan.validLength());
                channel.force(true);
            }
            log.info(
                    "history file {} ended in a record cut short (the agent was stopped mid-write): dropped its"
                            + " last {} bytes",
                    file,
                    bytes.length - scan.validLength());
        }
        return scan.records();
    }

    /** Moves a damaged file aside, logs where and why; the next write starts a fresh file. */
    synchronized void setAside(Path file, String cause) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(Instant.now()));
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        log.error(
                "history file {} was corrupt ({}): moved aside to {}; a fresh file is started and the time it held"
                        + " is reported as a gap",
                file,
                cause,
                aside);
    }

    /** Files set aside for a resolution that overlap [from, to). */
    synchronized List<SetAside> setAside(HistoryResolution resolution, long from, long to) throws IOException {
        List<SetAside> out = new ArrayList<>();
        try (Stream<Path> list = Files.list(directory)) {
            list.sorted().forEach(p -> {
                String name = p.getFileName().toString();
                Segment s = Segment.parse(name);
                if (name.contains(".corrupt-") && s != null && s.resolution() == resolution && s.overlaps(from, to)) {
                    out.add(new SetAside(s, p));
                }
            });
        }
        return out;
    }

    /** Deletes the files (kept or set aside) whose whole time is past its resolution's retention. */
    synchronized void enforceRetention(long nowMs) throws IOException {
        try (Stream<Path> list = Files.list(directory)) {
            for (Path p : list.toList()) {
                Segment s = Segment.parse(p.getFileName().toString());
                if (s != null && s.toMs() <= nowMs - retention(s.resolution()).toMillis()) {
                    Files.deleteIfExists(p);
                    log.info("history file {} is past its retention: deleted", p);
                }
            }
        }
    }

    /** Bytes of every history file in the folder. */
    synchronized long bytes() throws IOException {
        try (Stream<Path> list = Files.list(directory)) {
            long sum = 0;
            for (Path p : list.toList()) {
                sum += Files.size(p);
            }
            return sum;
        }
    }
}

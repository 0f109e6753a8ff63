package io.headroom.agent.reclaim;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the held-idle policy remembers of each workload: when it last warned the owner and with
 * which key, since when the workload is eligible for reclaim, and the key of the reclaim it
 * asked for. Kept in a small file next to the agent's ledger, rewritten whole (to a temporary
 * file, then renamed) whenever it changes, so a restarted agent does not warn again.
 *
 * <pre>v1 c2x1cm06aHBjOjQyNDI 1796509800000 cG9saWN5... 1796515200000 - 1a2b3c4d</pre>
 * (version, workload id in base64url, warned at, warning key, eligible since, reclaim key or "-", CRC32 of the rest)
 */
public final class PolicyMemory {

    private static final Logger log = LoggerFactory.getLogger(PolicyMemory.class);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    /** One workload's memory; 0 and "" for what has not happened. */
    public record Entry(long warnedAt, String warnedKey, long eligibleSince, String reclaimKey) {
        static final Entry EMPTY = new Entry(0, "", 0, "");
    }

    private final Path file;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private boolean changed;

    private PolicyMemory(Path file) {
        this.file = file;
    }

    /** Kept in memory only (the simulator, tests). */
    public static PolicyMemory inMemory() {
        return new PolicyMemory(null);
    }

    /** Reads the file (a missing one is empty; damaged lines are skipped with a log message). */
    public static PolicyMemory open(Path file) throws IOException {
        PolicyMemory memory = new PolicyMemory(file);
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                try {
                    memory.read(lines.get(i));
                } catch (IllegalArgumentException e) {
                    log.warn("{} line {}: {}; skipped", file, i + 1, e.getMessage());
                }
            }
        }
        return memory;
    }

    public synchronized Entry of(String workloadId) {
        return entries.getOrDefault(workloadId, Entry.EMPTY);
    }

    synchronized void warned(String workloadId, long at, String key) {
        Entry e = of(workloadId);
        put(workloadId, new Entry(at, key, e.eligibleSince(), e.reclaimKey()));
    }

    synchronized void eligible(String workloadId, long since) {
        Entry e = of(workloadId);
        if (e.eligibleSince() != since) {
            put(workloadId, new Entry(e.warnedAt(), e.warnedKey(), since, e.reclaimKey()));
        }
    }

    /** The workload is busy again (or exempt): no longer eligible. Its last warning is kept. */
    synchronized void notEligible(String workloadId) {
        Entry e = entries.get(workloadId);
        if (e != null && e.eligibleSince() != 0) {
            put(workloadId, new Entry(e.warnedAt(), e.warnedKey(), 0, e.reclaimKey()));
        }
    }

    synchronized void reclaimed(String workloadId, String key) {
        Entry e = of(workloadId);
        put(workloadId, new Entry(e.warnedAt(), e.warnedKey(), e.eligibleSince(), key));
    }

    /** Forgets workloads that have ended. */
    synchronized void keepOnly(Set<String> workloadIds) {
        changed |= entries.keySet().retainAll(workloadIds);
    }

    private void put(String workloadId, Entry entry) {
        entries.put(workloadId, entry);
        changed = true;
    }

    /** Writes the file if anything changed since it was last written. */
    public synchronized void save() throws IOException {
        if (!changed || file == null) {
            changed = false;
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            StringBuilder text = new StringBuilder();
            entries.forEach((id, e) -> text.append(format(id, e)).append('\n'));
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        changed = false;
    }

    static String format(String id, Entry e) {
        String body = "v1 " + B64.encodeToString(id.getBytes(StandardCharsets.UTF_8)) + " " + e.warnedAt() + " "
                + encode(e.warnedKey()) + " " + e.eligibleSince() + " " + encode(e.reclaimKey());
        return body + " " + crc(body);
    }

    private void read(String line) {
        int lastSpace = line.lastIndexOf(' ');
        if (lastSpace < 0 || !crc(line.substring(0, lastSpace)).equals(line.substring(lastSpace + 1))) {
            throw new IllegalArgumentException("its checksum does not match (damaged)");
        }
        String[] f = line.substring(0, lastSpace).split(" ", -1);
        if (f.length != 6 || !"v1".equals(f[0])) {
            throw new IllegalArgumentException("not a v1 policy line");
        }
        try {
            entries.put(
                    new String(UNB64.decode(f[1]), StandardCharsets.UTF_8),
                    new Entry(Long.parseLong(f[2]), decode(f[3]), Long.parseLong(f[4]), decode(f[5])));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unreadable (" + e.getMessage() + ")");
        }
    }

    private static String encode(String text) {
        return text.isEmpty() ? "-" : B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String field) {
        return "-".equals(field) ? "" : new String(UNB64.decode(field), StandardCharsets.UTF_8);
    }

    private static String crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }
}

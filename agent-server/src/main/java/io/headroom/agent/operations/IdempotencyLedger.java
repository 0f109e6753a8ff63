package io.headroom.agent.operations;

import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers the result of every recent idempotency key, so an operation replayed from a
 * console's outbox after a lost answer is applied once and answered with the stored result.
 *
 * <p>On a real node the ledger is a file ({@link #persisted}): a key is written as started
 * before the backend runs and as done, with its answer, before the answer is returned, both
 * fsync'd. So a restarted agent still answers a replay with the first result, and a key whose
 * operation was cut short by a crash is answered "outcome unknown" rather than run a second time.
 */
public final class IdempotencyLedger implements OperationHandler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyLedger.class);

    /** How much is remembered: at most {@code keys} keys, none older than {@code age}. */
    public record Retention(int keys, Duration age) {
        public static final Retention DEFAULT = new Retention(10_000, Duration.ofDays(7));
    }

    /** A key the ledger knows; {@code answer} null while (or if, after a crash) its operation has not finished. */
    private record Known(long timeMillis, String digest, ExecuteResponse answer) {}

    private final OperationHandler delegate;
    private final Retention retention;
    private final InstantSource clock;
    private LedgerFile file;
    private final Map<String, Known> entries;
    // One operation at a time: backends act on one node and read it back; two at once would race.
    private final ReentrantLock running = new ReentrantLock();

    private IdempotencyLedger(
            OperationHandler delegate,
            Retention retention,
            InstantSource clock,
            LedgerFile file,
            Map<String, Known> known) {
        this.delegate = delegate;
        this.retention = retention;
        this.clock = clock;
        this.file = file;
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
                return size() > retention.keys();
            }
        };
        this.entries.putAll(known);
    }

    /** Kept in memory only: for the simulator, whose fleet does not outlive the process either. */
    public static IdempotencyLedger inMemory(OperationHandler delegate, int capacity) {
        return new IdempotencyLedger(
                delegate, new Retention(capacity, Duration.ofDays(36_500)), InstantSource.system(), null, Map.of());
    }

    /**
     * Opens (or creates) the ledger file, forgets what the retention no longer covers and
     * rewrites the file with the rest. Damaged lines are skipped with a log message.
     *
     * @throws IOException the file or its folder cannot be written
     */
    public static IdempotencyLedger persisted(
            OperationHandler delegate, Path path, Retention retention, InstantSource clock) throws IOException {
        long oldest = clock.millis() - retention.age().toMillis();
        Map<String, Known> known = new LinkedHashMap<>();
        for (LedgerFile.Line line : LedgerFile.read(path)) {
            if (line.timeMillis() < oldest) {
                continue;
            }
            Known before = known.remove(line.key()); // re-inserted: the map keeps the order keys were last written
            known.put(
                    line.key(),
                    line.done() || before == null
                            ? new Known(line.timeMillis(), line.digest(), line.answer())
                            : before);
        }
        List<String> keys = new ArrayList<>(known.keySet());
        keys.subList(0, Math.max(0, keys.size() - retention.keys())).forEach(known::remove);
        List<LedgerFile.Line> keep = new ArrayList<>();
        long unfinished = 0;
        for (var entry : known.entrySet()) {
            Known e = entry.getValue();
            keep.add(new LedgerFile.Line(e.timeMillis(), entry.getKey(), e.digest(), e.answer()));
            unfinished += e.answer() == null ? 1 : 0;
        }
        LedgerFile file = LedgerFile.compactAndOpen(path, keep);
        log.info(
                "operations ledger {}: {} keys remembered{}",
                path,
                known.size(),
                unfinished == 0 ? "" : ", " + unfinished + " of them cut short by a stop while running");
        return new IdempotencyLedger(delegate, retention, clock, file, known);
    }

    @Override
    public ExecuteResponse execute(ExecuteRequest request) {
        String key = request.getIdempotencyKey();
        if (key.isBlank()) {
            return ExecuteResponse.newBuilder()
                    .setStatus(ExecuteStatus.EXECUTE_STATUS_REJECTED)
                    .setMessage("request has no idempotency key; every operation needs one so a retry is applied once")
                    .build();
        }
        // Dry runs change nothing and are not remembered: planning twice is harmless, and a plan
        // need not wait behind a drain that is still evicting pods.
        if (request.getDryRun()) {
            return delegate.execute(request);
        }
        running.lock();
        try {
            return once(key, request);
        } finally {
            running.unlock();
        }
    }

    @Override
    public ExecuteResponse replayOf(ExecuteRequest request) {
        if (request.getDryRun() || request.getIdempotencyKey().isBlank()) {
            return null;
        }
        running.lock();
        try {
            Known known = entries.get(request.getIdempotencyKey());
            return known == null || known.answer() == null || !known.digest().equals(digest(request))
                    ? null
                    : known.answer().toBuilder().setReplayed(true).build();
        } finally {
            running.unlock();
        }
    }

    @Override
    public long generation(String host) {
        return delegate.generation(host);
    }

    private ExecuteResponse once(String key, ExecuteRequest request) {
        String digest = digest(request);
        Known known = entries.get(key);
        if (known != null && !known.digest().equals(digest)) {
            return ExecuteResponse.newBuilder()
                    .setStatus(ExecuteStatus.EXECUTE_STATUS_REJECTED)
                    .setMessage(
                            "idempotency key " + key + " was already used for a different operation; nothing was done"
                                    + " (a new operation needs a new key)")
                    .build();
        }
        if (known != null && known.answer() != null) {
            return known.answer().toBuilder().setReplayed(true).build();
        }
        if (known != null) {
            // Started before the agent last stopped, never finished: it may or may not have taken effect.
            ExecuteResponse unknown = ExecuteResponse.newBuilder()
                    .setStatus(ExecuteStatus.EXECUTE_STATUS_REJECTED)
                    .setMessage(
                            "the agent stopped while carrying out this operation, so whether it took effect is unknown;"
                                    + " it was not run again: check " + request.getHostname()
                                    + " and send a new operation if"
                                    + " it is still needed")
                    .build();
            record(key, new Known(known.timeMillis(), digest, unknown));
            return unknown;
        }
        long now = clock.millis();
        try {
            record(key, new Known(now, digest, null));
        } catch (LedgerUnwritable e) {
            entries.remove(key);
            return ExecuteResponse.newBuilder()
                    .setStatus(ExecuteStatus.EXECUTE_STATUS_REJECTED)
                    .setMessage("the agent cannot write its operations ledger, so it did not run this operation: "
                            + e.getMessage())
                    .build();
        }
        ExecuteResponse response;
        try {
            response = delegate.execute(request);
        } catch (RuntimeException e) {
            log.error("operation {} on {} failed inside the agent", key, request.getHostname(), e);
            response = ExecuteResponse.newBuilder()
                    .setStatus(ExecuteStatus.EXECUTE_STATUS_REJECTED)
                    .setMessage("the operation failed inside the agent (" + e + "); whether it took effect is unknown:"
                            + " check " + request.getHostname())
                    .build();
        }
        try {
            record(key, new Known(now, digest, response));
        } catch (LedgerUnwritable e) {
            // It ran; say so. This process still answers replays from memory.
            log.error("operation {} ran but its answer could not be written to the ledger: {}", key, e.getMessage());
        }
        return response;
    }

    /** Remembers an entry, on disk first when the ledger has a file. */
    private void record(String key, Known entry) {
        entries.remove(key);
        entries.put(key, entry);
        if (file == null) {
            return;
        }
        try {
            file.append(new LedgerFile.Line(entry.timeMillis(), key, entry.digest(), entry.answer()));
            if (file.lines() > 3 * retention.keys()) {
                compact();
            }
        } catch (IOException e) {
            throw new LedgerUnwritable(file.path() + ": " + e.getMessage());
        }
    }

    /** Rewrites the file with what is remembered now, so it stays bounded on an agent that runs for months. */
    private void compact() throws IOException {
        List<LedgerFile.Line> keep = new ArrayList<>();
        entries.forEach((key, e) -> keep.add(new LedgerFile.Line(e.timeMillis(), key, e.digest(), e.answer())));
        Path path = file.path();
        file.close();
        file = LedgerFile.compactAndOpen(path, keep);
    }

    private static final class LedgerUnwritable extends RuntimeException {
        LedgerUnwritable(String message) {
            super(message, null, false, false);
        }
    }

    /** What the request asks for, so a key reused for something else is caught. */
    private static String digest(ExecuteRequest request) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(request.toBuilder().clearDryRun().build().toByteArray());
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                log.warn("closing the operations ledger {}: {}", file.path(), e.getMessage());
            }
        }
    }
}

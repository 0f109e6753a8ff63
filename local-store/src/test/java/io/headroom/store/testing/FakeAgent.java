package io.headroom.store.testing;

import io.headroom.core.operation.AgentUnreachableException;
import io.headroom.core.operation.OperationOutcome;
import io.headroom.core.operation.OperationStatus;
import io.headroom.core.operation.PendingOperation;
import io.headroom.store.outbox.OperationSender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agents' side of Execute, as the protocol promises it: a key is applied once (a key
 * seen before gets its stored answer, {@code replayed}), and an operation whose expected
 * generation is not the node's current one is a CONFLICT. Each node's generation starts at
 * 1 and goes up by one per applied operation.
 *
 * <p>With a ledger file, every answer is appended and fsynced before it is returned: the
 * agent's durable dedup store, which outlives a console killed with -9.
 */
public final class FakeAgent implements OperationSender {

    private final Path ledger;
    private final Map<String, OperationOutcome> answers = new HashMap<>();
    private final Map<String, Long> generations = new HashMap<>();
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private final List<String> applied = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> unreachable = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> failuresLeft = new ConcurrentHashMap<>();

    /** An agent that remembers nothing across processes. */
    public FakeAgent() {
        this.ledger = null;
    }

    /** An agent whose answers live in {@code ledger} (read back here, appended on every answer). */
    public FakeAgent(Path ledger) throws IOException {
        this.ledger = ledger;
        for (LedgerLine line : readLedger(ledger)) {
            answers.put(line.key(), new OperationOutcome(line.status(), "", line.generation(), false, List.of()));
            if (line.status() == OperationStatus.APPLIED) {
                generations.put(line.host(), line.generation());
                applied.add(line.key());
            }
        }
    }

    /** One answer in the ledger file. */
    public record LedgerLine(String key, String host, OperationStatus status, long generation) {}

    /**
     * The complete lines of a ledger. A line cut short by a kill is cut off the file too, so
     * the next answer starts on a line of its own.
     */
    public static List<LedgerLine> readLedger(Path ledger) throws IOException {
        if (!Files.exists(ledger)) {
            return List.of();
        }
        String text = Files.readString(ledger, StandardCharsets.UTF_8);
        int complete = text.lastIndexOf('\n') + 1;
        if (complete < text.length()) {
            try (FileChannel out = FileChannel.open(ledger, StandardOpenOption.WRITE)) {
                out.truncate(text.substring(0, complete).getBytes(StandardCharsets.UTF_8).length);
            }
        }
        List<LedgerLine> lines = new ArrayList<>();
        for (String line : text.substring(0, complete).split("\n", -1)) {
            if (!line.isEmpty()) {
                String[] f = line.split(" ", -1);
                lines.add(new LedgerLine(f[0], f[1], OperationStatus.valueOf(f[2]), Long.parseLong(f[3])));
            }
        }
        return lines;
    }

    public void makeUnreachable(String host) {
        unreachable.add(host);
    }

    public void makeReachable(String host) {
        unreachable.remove(host);
    }

    /** The next {@code times} sends to {@code host} fail as unreachable. */
    public void failNext(String host, int times) {
        failuresLeft.put(host, times);
    }

    /** Pretend another console changed the node: its generation moves on. */
    public synchronized void bumpGeneration(String host) {
        generations.merge(host, 2L, (old, ignored) -> old + 1);
    }

    public synchronized long generation(String host) {
        return generations.getOrDefault(host, 1L);
    }

    /** Every key sent, in order, resends included. */
    public List<String> received() {
        return List.copyOf(received);
    }

    /** Every key applied, in order; each at most once. */
    public List<String> applied() {
        return List.copyOf(applied);
    }

    @Override
    public synchronized OperationOutcome send(PendingOperation op) throws AgentUnreachableException {
        received.add(op.idempotencyKey());
        if (unreachable.contains(op.hostname()) || failNow(op.hostname())) {
            throw new AgentUnreachableException("connection refused by " + op.hostname());
        }
        OperationOutcome stored = answers.get(op.idempotencyKey());
        if (stored != null) {
            return new OperationOutcome(stored.status(), stored.message(), stored.generation(), true, stored.plan());
        }
        long current = generation(op.hostname());
        OperationOutcome answer;
        if (op.expectedGeneration() != current) {
            answer = new OperationOutcome(
                    OperationStatus.CONFLICT,
                    "node is at generation " + current + ", not " + op.expectedGeneration(),
                    current,
                    false,
                    List.of());
        } else {
            generations.put(op.hostname(), current + 1);
            applied.add(op.idempotencyKey());
            answer = new OperationOutcome(
                    OperationStatus.APPLIED,
                    op.action().describe() + " done",
                    current + 1,
                    false,
                    List.of("scontrol update NodeName=" + op.hostname()));
        }
        answers.put(op.idempotencyKey(), answer);
        record(op, answer);
        return answer;
    }

    private boolean failNow(String host) {
        Integer left = failuresLeft.get(host);
        if (left == null) {
            return false;
        }
        if (left <= 1) {
            failuresLeft.remove(host);
        } else {
            failuresLeft.put(host, left - 1);
        }
        return true;
    }

    private void record(PendingOperation op, OperationOutcome answer) {
        if (ledger == null) {
            return;
        }
        String line =
                op.idempotencyKey() + " " + op.hostname() + " " + answer.status() + " " + answer.generation() + "\n";
        try (FileChannel out = FileChannel.open(
                ledger, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            out.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            out.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.headroom.agent.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.operations.standalone.NodeBook;
import io.headroom.agent.operations.standalone.StandaloneOperations;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.Resume;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger on disk: what an agent restart must not forget, and what a crash or a damaged
 * disk may leave in the file.
 */
class IdempotencyLedgerTest {

    @TempDir
    Path dir;

    private final AtomicLong now =
            new AtomicLong(Instant.parse("2026-11-23T07:00:00Z").toEpochMilli());
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());

    private Path ledgerFile() {
        return dir.resolve("operations.ledger");
    }

    /** A standalone backend over the node book in {@code dir}, as an agent builds it at start. */
    private IdempotencyLedger startAgent(IdempotencyLedger.Retention retention) throws Exception {
        NodeBook book = NodeBook.open(dir.resolve("nodes.properties"));
        var backend = new StandaloneOperations(
                book,
                "gpu-s01"::equals,
                (h, i) -> Optional.empty(),
                (h, i) -> false,
                "nvidia-smi",
                (argv, timeout) -> {
                    throw new AssertionError("no command expected");
                },
                Duration.ofSeconds(1));
        return IdempotencyLedger.persisted(backend, ledgerFile(), retention, clock);
    }

    private static ExecuteRequest drain(String key) {
        return ExecuteRequest.newBuilder()
                .setIdempotencyKey(key)
                .setHostname("gpu-s01")
                .setExpectedGeneration(1)
                .setRequester("li@hall-2")
                .setReason("swap fan")
                .setDrain(Drain.getDefaultInstance())
                .build();
    }

    @Test
    void aReplayAfterARestartGetsTheFirstAnswerAndTheNodeIsChangedOnce() throws Exception {
        ExecuteResponse first;
        try (IdempotencyLedger ledger = startAgent(IdempotencyLedger.Retention.DEFAULT)) {
            first = ledger.execute(drain("op-1"));
        }
        assertThat(first.getStatus()).as(first.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(first.getGeneration()).isEqualTo(2);

        try (IdempotencyLedger restarted = startAgent(IdempotencyLedger.Retention.DEFAULT)) {
            ExecuteResponse again = restarted.execute(drain("op-1"));
            assertThat(again.getReplayed()).isTrue();
            assertThat(again.toBuilder().setReplayed(false).build()).isEqualTo(first);
        }
        // Every write of the book moves the node's generation on: 2 means it was written once.
        assertThat(NodeBook.open(dir.resolve("nodes.properties")).get("gpu-s01").generation())
                .isEqualTo(2);
    }

    @Test
    void aKeyStartedButNeverFinishedIsAnsweredAsUnknownAndNotRunAgain() throws Exception {
        // What a kill -9 between "started" and "done" leaves in the file.
        Files.writeString(
                ledgerFile(),
                LedgerFile.format(new LedgerFile.Line(now.get(), "op-7", digestOf(drain("op-7")), null)) + "\n");
        AtomicInteger runs = new AtomicInteger();
        try (var ledger = IdempotencyLedger.persisted(
                request -> {
                    runs.incrementAndGet();
                    return ExecuteResponse.getDefaultInstance();
                },
                ledgerFile(),
                IdempotencyLedger.Retention.DEFAULT,
                clock)) {
            ExecuteResponse answer = ledger.execute(drain("op-7"));
            assertThat(answer.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
            assertThat(answer.getMessage())
                    .startsWith("the agent stopped while carrying out this operation")
                    .contains("check gpu-s01");
            assertThat(ledger.execute(drain("op-7")).getMessage()).isEqualTo(answer.getMessage());
        }
        assertThat(runs).hasValue(0);
    }

    /** The digest the ledger keeps for a request, read back from a line it wrote. */
    private String digestOf(ExecuteRequest request) throws Exception {
        Path scratch = dir.resolve("scratch.ledger");
        try (var ledger = IdempotencyLedger.persisted(
                r -> ExecuteResponse.getDefaultInstance(), scratch, IdempotencyLedger.Retention.DEFAULT, clock)) {
            ledger.execute(request);
        }
        return LedgerFile.read(scratch).getFirst().digest();
    }

    @Test
    void aDamagedTailLineAndACorruptLineAreSkippedAndTheRestKept() throws Exception {
        try (IdempotencyLedger ledger = startAgent(IdempotencyLedger.Retention.DEFAULT)) {
            ledger.execute(drain("op-1"));
            ledger.execute(ExecuteRequest.newBuilder()
                    .setIdempotencyKey("op-2")
                    .setHostname("gpu-s01")
                    .setRequester("li@hall-2")
                    .setResume(Resume.getDefaultInstance())
                    .build());
        }
        List<String> lines = Files.readAllLines(ledgerFile());
        assertThat(lines).hasSize(4); // started and done, twice
        // A bit flipped in op-2's answer, and half a line from a write that never finished.
        char[] flipped = lines.get(3).toCharArray();
        flipped[30] = flipped[30] == 'A' ? 'B' : 'A';
        Files.writeString(
                ledgerFile(),
                lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2) + "\n" + new String(flipped) + "\n"
                        + lines.get(3).substring(0, 20),
                StandardCharsets.UTF_8);

        try (IdempotencyLedger restarted = startAgent(IdempotencyLedger.Retention.DEFAULT)) {
            assertThat(restarted.execute(drain("op-1")).getReplayed()).isTrue();
            // op-2's done line is gone; its started line remains: unknown outcome, not run twice.
            assertThat(restarted
                            .execute(ExecuteRequest.newBuilder()
                                    .setIdempotencyKey("op-2")
                                    .setHostname("gpu-s01")
                                    .setRequester("li@hall-2")
                                    .setResume(Resume.getDefaultInstance())
                                    .build())
                            .getMessage())
                    .startsWith("the agent stopped while carrying out this operation");
        }
        // Compacted at start: only whole lines that read back are left.
        assertThat(Files.readAllLines(ledgerFile())).allSatisfy(line -> LedgerFile.parse(line));
    }

    @Test
    void aKeyUsedForADifferentOperationIsRefusedAndNothingRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (var ledger = IdempotencyLedger.persisted(
                request -> {
                    runs.incrementAndGet();
                    return ExecuteResponse.newBuilder()
                            .setStatus(ExecuteStatus.EXECUTE_STATUS_APPLIED)
                            .build();
                },
                ledgerFile(),
                IdempotencyLedger.Retention.DEFAULT,
                clock)) {
            ledger.execute(drain("op-1"));
            ExecuteResponse other = ledger.execute(
                    drain("op-1").toBuilder().setHostname("gpu-s02").build());
            assertThat(other.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
            assertThat(other.getMessage())
                    .startsWith("idempotency key op-1 was already used for a different operation");
            // A dry run of the same request is not a different operation, and is never remembered.
            assertThat(ledger.execute(drain("op-1").toBuilder().setDryRun(true).build())
                            .getReplayed())
                    .isFalse();
        }
        assertThat(runs).hasValue(2); // the first drain and the dry run
    }

    @Test
    void keysOlderThanTheRetentionOrBeyondItsCountAreForgottenAtStart() throws Exception {
        var retention = new IdempotencyLedger.Retention(2, Duration.ofDays(7));
        AtomicInteger runs = new AtomicInteger();
        OperationHandler counting = request -> {
            runs.incrementAndGet();
            return ExecuteResponse.newBuilder()
                    .setStatus(ExecuteStatus.EXECUTE_STATUS_APPLIED)
                    .build();
        };
        try (var ledger = IdempotencyLedger.persisted(counting, ledgerFile(), retention, clock)) {
            ledger.execute(drain("old"));
            now.addAndGet(Duration.ofDays(6).toMillis());
            ledger.execute(drain("a"));
            ledger.execute(drain("b"));
            ledger.execute(drain("c"));
        }
        now.addAndGet(Duration.ofDays(2).toMillis());
        try (var ledger = IdempotencyLedger.persisted(counting, ledgerFile(), retention, clock)) {
            assertThat(ledger.execute(drain("c")).getReplayed()).isTrue();
            assertThat(ledger.execute(drain("b")).getReplayed()).isTrue();
            assertThat(ledger.execute(drain("a")).getReplayed()).isFalse(); // beyond the 2 kept
        }
        assertThat(runs).hasValue(5);
        assertThat(Files.readString(ledgerFile())).doesNotContain(" b2xk "); // "old" in base64url: dropped by age
    }

    @Test
    void aLedgerThatCannotBeWrittenRunsNothing() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        var ledger = IdempotencyLedger.persisted(
                request -> {
                    runs.incrementAndGet();
                    return ExecuteResponse.getDefaultInstance();
                },
                ledgerFile(),
                IdempotencyLedger.Retention.DEFAULT,
                clock);
        ledger.close(); // its file handle is gone, as after a failed disk
        ExecuteResponse answer = ledger.execute(drain("op-1"));
        assertThat(answer.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(answer.getMessage())
                .startsWith("the agent cannot write its operations ledger, so it did not run this operation");
        assertThat(runs).hasValue(0);
    }
}

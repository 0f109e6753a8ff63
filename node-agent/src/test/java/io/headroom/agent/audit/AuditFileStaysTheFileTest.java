package io.headroom.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.headroom.agent.AgentMainAccess;
import io.headroom.agent.audit.AuditTrails.Run;
import io.headroom.agent.badinput.AttackRow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The audit file stays the file: deleted, replaced, truncated, rotated or written to by
 * another program while the agent runs, or cut while it is stopped, and the agent says so,
 * refuses the operation that found it, and continues the trail in a new segment that links to
 * the last record it wrote. Before, it appended to the deleted inode and answered APPLIED.
 */
class AuditFileStaysTheFileTest {

    @TempDir
    Path dir;

    private Path file;
    private AuditFile audit;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger auditLog = (Logger) LoggerFactory.getLogger(AuditFile.class);

    @BeforeEach
    void writeThree() throws Exception {
        logged.start();
        auditLog.addAppender(logged);
        file = dir.resolve("audit.jsonl");
        audit = AuditFile.open(file);
        for (int i = 1; i <= 3; i++) {
            audit.append(record(i));
        }
    }

    @AfterEach
    void close() {
        audit.close();
        auditLog.detachAppender(logged);
    }

    private static ExecuteRecord record(int i) {
        return AuditTrails.drain(i, "swap PSU");
    }

    private List<String> errors() {
        return logged.list.stream()
                .filter(e -> e.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static Run verify(String... arguments) {
        return AuditTrails.verify(arguments);
    }

    @Test
    void aFileDeletedWhileTheAgentRunsRefusesTheNextOperationAndStartsANewSegment() throws Exception {
        Files.delete(file);

        Throwable refused = catchThrowable(() -> audit.append(record(4)));
        assertThat(refused)
                .isInstanceOf(AuditInterruptedException.class)
                .hasMessageContaining("the audit file " + file + " was deleted while the agent ran (after record 3)")
                .hasMessageContaining("send it again");
        assertThat(errors())
                .anySatisfy(line -> assertThat(line).contains(file.toString()).contains("deleted"));
        assertThat(audit.status().interruptions()).isEqualTo(1);

        // The new file begins with a record that links to record 3 and says why; operations go on after it.
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst())
                .contains("\"seq\":\"4\"")
                .contains("\"result\":\"SEGMENT\"")
                .contains("audit file deleted while the agent ran");
        audit.append(record(4));
        assertThat(Files.readAllLines(file)).hasSize(2);
        assertThat(audit.status().writable()).isTrue();

        Run run = verify(file.toString());
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(3);
        assertThat(run.out())
                .contains("begins a new segment that continues record 3")
                .contains("audit file deleted while the agent ran");
        new AttackRow(
                        "1a",
                        "audit file deleted (rm) while the agent runs",
                        "the next operation refused (FAILED_PRECONDITION): "
                                + AttackRow.quote(refused.getMessage().replace(dir.toString(), "<dir>"))
                                + "; a new segment linked to record 3 started; the operation sent again was"
                                + " written after it; verify-audit exits 3 (a segment)",
                        "the agent's log (ERROR), /metrics (headroom_agent_audit_interruptions_total), the caller")
                .write();
    }

    @Test
    void aFileReplacedLikeSedDoesIsNoticedAndTheEditIsReported() throws Exception {
        // sed -i '/gpu-node-02/d': a new file, without record 2, moved over the old one.
        Path edited = dir.resolve("sedXYZ");
        Files.write(
                edited,
                Files.readAllLines(file).stream()
                        .filter(l -> !l.contains("gpu-node-02"))
                        .toList());
        Files.move(edited, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        Throwable refused = catchThrowable(() -> audit.append(record(4)));
        assertThat(refused).isInstanceOf(AuditInterruptedException.class).hasMessageContaining("was replaced");
        audit.append(record(4));

        Run run = verify(file.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("line 2: audit trail broken at record 2: it is missing");
        new AttackRow(
                        "1b",
                        "audit file edited in place by a tool that replaces it (sed -i deleting a record)",
                        "the next operation refused: "
                                + AttackRow.quote(refused.getMessage().replace(dir.toString(), "<dir>"))
                                + "; verify-audit exits 1: " + AttackRow.quote(run.err()),
                        "the agent's log and /metrics at once; verify-audit names the line")
                .write();
    }

    @Test
    void aFileTruncatedInPlaceIsNoticedAndTheLostRecordsAreReported() throws Exception {
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(0); // the same inode, emptied (": > audit.jsonl", logrotate's copytruncate)
        }
        Throwable refused = catchThrowable(() -> audit.append(record(4)));
        assertThat(refused).isInstanceOf(AuditInterruptedException.class).hasMessageContaining("was truncated");
        Run run = verify(file.toString());
        assertThat(run.code()).as("the new file alone begins mid-trail").isEqualTo(3);
        assertThat(run.out()).contains("audit file truncated");
        new AttackRow(
                        "1c",
                        "audit file truncated in place (: > audit.jsonl, logrotate copytruncate)",
                        "the next operation refused: "
                                + AttackRow.quote(refused.getMessage().replace(dir.toString(), "<dir>"))
                                + "; the new segment says why; verify-audit exits 3",
                        "the agent's log and /metrics")
                .write();
    }

    @Test
    void aRotatedFileAndItsSuccessorVerifyTogether() throws Exception {
        Path rotated = dir.resolve("audit.jsonl.1");
        Files.move(file, rotated);
        Files.createFile(file); // logrotate's "create"
        assertThatThrownBy(() -> audit.append(record(4)))
                .isInstanceOf(AuditInterruptedException.class)
                .hasMessageContaining("was replaced");
        audit.append(record(4));

        Run together = verify(rotated.toString(), file.toString());
        assertThat(together.code()).as(together.out() + together.err()).isZero();
        assertThat(together.out())
                .contains("audit trail verifies: 5 records, ending at the head")
                .contains("record 4 begins a new segment");
        assertThat(verify(file.toString()).code()).isEqualTo(3);
    }

    @Test
    void recordsWrittenByAnotherProgramAreNoticed() throws Exception {
        Files.writeString(file, "{\"forged\":\"yes\"}\n", StandardOpenOption.APPEND);
        Throwable refused = catchThrowable(() -> audit.append(record(4)));
        assertThat(refused)
                .isInstanceOf(AuditInterruptedException.class)
                .hasMessageContaining("written to by another program (17 bytes the agent did not write)");
        Run run = verify(file.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err())
                .contains(
                        "line 4: audit trail broken at record 4: line 4 has a field the agent never writes: 'forged'");
        new AttackRow(
                        "1d",
                        "a line appended to the audit file by another program while the agent runs",
                        "the next operation refused: "
                                + AttackRow.quote(refused.getMessage().replace(dir.toString(), "<dir>"))
                                + "; verify-audit exits 1: " + AttackRow.quote(run.err()),
                        "the agent's log and /metrics; verify-audit names the line")
                .write();
    }

    @Test
    void whileTheNewSegmentCannotBeStartedEveryOperationIsRefused() throws Exception {
        Files.delete(file);
        Files.createDirectory(file); // nothing can be written at the path now
        assertThatThrownBy(() -> audit.append(record(4)))
                .isInstanceOf(AuditInterruptedException.class)
                .hasMessageContaining("the agent cannot start a new one");
        assertThatThrownBy(() -> audit.append(record(4)))
                .isInstanceOf(AuditInterruptedException.class)
                .hasMessageContaining("cannot be written");
        assertThat(audit.status().writable()).isFalse();
        Files.delete(file);
        audit.append(record(4)); // the path is free again: the segment, then the record
        assertThat(Files.readAllLines(file)).hasSize(2);
        assertThat(audit.status().writable()).isTrue();
        assertThat(audit.status().interruptions()).isEqualTo(1);
    }

    @Test
    void recordsCutWhileTheAgentWasStoppedAreSaidLoudlyAtItsNextStart() throws Exception {
        audit.close();
        List<String> lines = Files.readAllLines(file);
        Files.write(file, lines.subList(0, 2), StandardCharsets.UTF_8); // the last record gone

        audit = AuditFile.open(file);
        assertThat(errors())
                .anySatisfy(line -> assertThat(line)
                        .contains(file.toString())
                        .contains(
                                "was cut while the agent was stopped: records vanished: it ends at record 2 but the agent last "
                                        + "wrote record 3"));
        assertThat(audit.status().interruptions()).isEqualTo(1);
        Run run = verify(file.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err())
                .contains("audit trail broken at record 3: it is missing (the agent noticed: audit file cut "
                        + "while the agent was stopped: records vanished");
        new AttackRow(
                        "1e",
                        "the last record cut from the audit file while the agent is stopped",
                        "at its next start the agent logs an ERROR: "
                                + AttackRow.quote(errors().getLast().replace(dir.toString(), "<dir>"))
                                + "; verify-audit exits 1: " + AttackRow.quote(run.err()),
                        "the agent at start (log, /metrics), verify-audit (the head beside the file)")
                .write();
    }

    @Test
    void anAgentStoppedBetweenARecordAndItsHeadCarriesOnQuietly() throws Exception {
        audit.close();
        Path head = AuditHead.beside(file);
        String third = Files.readAllLines(file).get(1);
        String prev = third.replaceAll(".*\"hash\":\"([0-9a-f]{64})\".*", "$1");
        Files.writeString(head, "{\"seq\":\"2\",\"hash\":\"" + prev + "\"}\n"); // the head still at record 2

        audit = AuditFile.open(file);
        assertThat(errors()).isEmpty();
        assertThat(audit.status().interruptions()).isZero();
        assertThat(AuditHead.read(file).orElseThrow().seq()).isEqualTo(3);
    }

    @Test
    void anAuditFileSetToADirectorySaysSoInOperatorWords() throws Exception {
        assertThatThrownBy(() -> AuditFile.open(dir))
                .hasMessage("audit.file " + dir + " is a directory; name a file in " + "it, such as "
                        + dir.resolve("audit.jsonl"));
        Path config = Files.writeString(dir.resolve("agent.yaml"), "audit: {file: " + dir + "}\n");
        var out = new StringWriter();
        var err = new StringWriter();
        int code = AgentMainAccess.run(
                new String[] {"--config", config.toString(), "--simulate", "--gpus", "8", "--port", "0"},
                new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(code)
                .as("a set-up the agent cannot run with, like any other")
                .isEqualTo(2);
        assertThat(err.toString().lines().toList())
                .containsExactly("headroom-agent: audit.file " + dir + " is a directory; name a file in it, such as "
                        + dir.resolve("audit.jsonl"));
    }
}

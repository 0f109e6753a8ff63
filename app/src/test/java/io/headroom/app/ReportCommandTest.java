package io.headroom.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.report.ReportFormat;
import io.headroom.core.showback.Showback;
import io.headroom.core.showback.ShowbackGrouping;
import io.headroom.core.showback.ShowbackPeriod;
import io.headroom.core.showback.ShowbackRange;
import io.headroom.core.showback.UsageAnswer;
import io.headroom.core.showback.UsageQuery;
import io.headroom.core.showback.UsageRow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code headroom report}: bad input is one line naming it, exit 2; an unreachable fleet one line, exit 1. */
class ReportCommandTest {

    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "report";
        System.arraycopy(args, 0, command, 1, args.length);
        return ConsoleMain.run(command, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String report() {
        return directory.resolve("week.pdf").toString();
    }

    @Test
    void anUnknownGrouping() {
        assertThat(run("--by", "rack", "--out", report())).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("headroom report: --by: no grouping 'rack'; choose one of tenant, account, user, pool, "
                        + "model; see --help" + System.lineSeparator());
    }

    @Test
    void aRangeThatIsNotOne() {
        assertThat(run("--range", "7x", "--out", report())).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("headroom report: --range: '7x' is not a range: give days or weeks, such as 7d, 30d or 4w; "
                        + "see --help" + System.lineSeparator());
    }

    @Test
    void anOutFileThatCannotBeWritten() {
        assertThat(run("--out", "/no/such/folder/week.pdf")).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("headroom report: --out: the folder /no/such/folder does not exist; see --help"
                        + System.lineSeparator());
        err.getBuffer().setLength(0);
        assertThat(run("--out", directory.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is a folder; name a file; see --help");
    }

    @Test
    void anUnknownFormat() {
        assertThat(run("--format", "xlsx", "--out", report())).isEqualTo(2);
        assertThat(err.toString()).contains("--format: no format 'xlsx'; choose pdf, csv or png; see --help");
    }

    @Test
    void noAgentReachable() {
        assertThat(run("--agent", "127.0.0.1:1", "--out", report())).isEqualTo(1);
        String said = err.toString();
        assertThat(said).startsWith("headroom report: no agent answered for history: 127.0.0.1:1: ");
        assertThat(said).endsWith("; see --help" + System.lineSeparator());
        assertThat(said.lines()).hasSize(1);
        assertThat(said).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Files.exists(Path.of(report()))).isFalse();
    }

    @Test
    void csvInChineseStartsWithTheByteOrderMark() throws Exception {
        long day = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
        var answer = new UsageAnswer(
                new UsageQuery(day, day + 86_400_000L, ShowbackGrouping.POOL),
                List.of("agent-1"),
                List.of(new UsageRow(day, "a100", 8, 10 * 3600, 6 * 3600, 176 * 3600, 0, 0, 0, 0, 8 * 312.0)),
                List.of());
        Path csv = directory.resolve("pool.csv");
        ReportCommand.write(
                Showback.of(answer, ShowbackPeriod.DAY),
                new ReportCommand.Order(
                        new ShowbackRange(1),
                        ShowbackGrouping.POOL,
                        ShowbackPeriod.DAY,
                        ReportFormat.CSV,
                        Locale.SIMPLIFIED_CHINESE,
                        csv));
        byte[] bytes = Files.readAllBytes(csv);
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, StandardCharsets.UTF_8);
        // 16 GPU-h allocated, 6 held idle (37.5 %), 0.312 PFLOPS a GPU: 4.99 PFLOPS-h allocated.
        assertThat(text).contains("时段,资源池,已分配卡时").contains("\r\n2026-11-30,a100,16.00,10.00,6.00,0.3750,176.00,");
        assertThat(text).contains(",4.99,3.12,1.87,0.00\r\n");
    }
}

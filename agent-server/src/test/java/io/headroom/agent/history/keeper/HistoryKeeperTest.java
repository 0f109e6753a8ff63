package io.headroom.agent.history.keeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.agent.history.AcceleratorRow;
import io.headroom.agent.history.HistoryQuery;
import io.headroom.agent.history.OwnerSeconds;
import io.headroom.agent.history.PeriodCursor;
import io.headroom.agent.history.ScriptedFleet;
import io.headroom.agent.history.ScriptedFleet.Reading;
import io.headroom.agent.server.TelemetryPublisher;
import io.headroom.agent.workloads.WorkloadBook;
import io.headroom.protocol.v1.HistoryGap;
import io.headroom.protocol.v1.HistoryResolution;
import io.headroom.protocol.v1.HistoryRow;
import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadKind;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keeper with real files: roll-ups computed by hand, restarts, kills mid-write and damaged files. */
class HistoryKeeperTest {

    static final long T0 = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    static final long MIN = HistoryQuery.MINUTE_MS;
    static final long HOUR = HistoryQuery.HOUR_MS;
    static final long DAY = HistoryQuery.DAY_MS;
    static final String GPU = "GPU-node-a-0";

    @TempDir
    Path dir;

    private final ScriptedFleet fleet = ScriptedFleet.oneNode("node-a", 1, 10_000);
    private final WorkloadBook book = new WorkloadBook();
    private final List<AutoCloseable> open = new ArrayList<>();
    private HistoryKeeper keeper;
    private TelemetryPublisher publisher;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private void start(long nowMs) throws IOException {
        keeper = HistoryKeeper.open(dir, nowMs);
        open.add(keeper);
        publisher = new TelemetryPublisher(fleet, 16, InstantSource.system(), book);
        open.add(publisher);
        publisher.onRound((telemetry, t) -> keeper.onRound(telemetry, t, book));
    }

    /** Rounds every 10 s in [from, to), letting the keeper's thread catch up every hour of them. */
    private void run(long from, long to) throws InterruptedException {
        for (long t = from; t < to; t += 10_000) {
            publisher.tick(t);
            if ((t - from) % HOUR == HOUR - 10_000) {
                keeper.awaitWritten();
            }
        }
        keeper.awaitWritten();
    }

    /**
     * Hour 0: busy for 30 minutes (80 %, 300 W, 60 °C), then free idle (0 %, 100 W, 40 °C); hours
     * 1 to 23 held idle by alice (120 W, 45 °C).
     */
    private void playTheDay() {
        fleet.play((uuid, t) -> {
            long into = t - T0;
            if (into < 30 * MIN) {
                return Reading.busy(80, 300, 60);
            }
            if (into < HOUR) {
                return Reading.freeIdle(100, 40);
            }
            return Reading.heldIdle(120, 45);
        });
    }

    private static Workload alicesJob() {
        return Workload.newBuilder()
                .setId("slurm:c:7")
                .setKind(WorkloadKind.WORKLOAD_KIND_SLURM_JOB)
                .setUser("alice")
                .setAccount("physics")
                .setTenant("acme-research")
                .addHoldings(Holding.newBuilder().setHostname("node-a").setGpuIndex(0))
                .build();
    }

    record Answer(List<List<AcceleratorRow>> periods, List<HistoryGap> gaps) {
        HistoryRow row(int period) {
            return periods.get(period).getFirst().row();
        }
    }

    private Answer ask(HistoryResolution resolution, long from, long to) throws IOException {
        List<List<AcceleratorRow>> periods = new ArrayList<>();
        try (PeriodCursor cursor = keeper.open(new HistoryQuery(from, to, resolution, Set.of()))) {
            List<AcceleratorRow> p;
            while ((p = cursor.next()) != null) {
                periods.add(p);
            }
            return new Answer(periods, cursor.gaps());
        }
    }

    @Test
    void minutesRollIntoHoursAndHoursIntoADayAsComputedByHand() throws Exception {
        start(T0);
        playTheDay();
        run(T0, T0 + HOUR);
        book.replace("node-a", List.of(alicesJob()));
        run(T0 + HOUR, T0 + DAY + MIN + 10_000); // the next day's first minute closes the day

        Answer minutes = ask(HistoryResolution.HISTORY_RESOLUTION_MINUTE, T0, T0 + HOUR);
        assertThat(minutes.periods()).hasSize(60);
        HistoryRow first = minutes.row(0);
        assertThat(first.getKey()).isEqualTo(GPU);
        assertThat(first.getHostname()).isEqualTo("node-a");
        assertThat(first.getBusyS()).isEqualTo(60);
        assertThat(first.getUncoveredS()).isZero();
        assertThat(first.getMeanUtilizationPct()).isEqualTo(80f);
        assertThat(first.getEnergyWh()).isCloseTo(5.0, within(1e-9)); // 300 W for a minute
        assertThat(minutes.row(30).getFreeIdleS()).isEqualTo(60);
        assertThat(minutes.gaps()).isEmpty();

        Answer hours = ask(HistoryResolution.HISTORY_RESOLUTION_HOUR, T0, T0 + DAY);
        assertThat(hours.periods()).hasSize(24);
        HistoryRow h0 = hours.row(0);
        assertThat(h0.getBusyS()).isEqualTo(1800);
        assertThat(h0.getFreeIdleS()).isEqualTo(1800);
        assertThat(h0.getMeanUtilizationPct()).isEqualTo(40f);
        assertThat(h0.getMeanPowerW()).isEqualTo(200f);
        assertThat(h0.getEnergyWh()).isCloseTo(200.0, within(1e-6));
        assertThat(h0.getMaxTempC()).isEqualTo(60f);
        assertThat(hours.periods().get(0).getFirst().owners()).isEmpty();
        HistoryRow h5 = hours.row(5);
        assertThat(h5.getHeldIdleS()).isEqualTo(3600);
        assertThat(hours.periods().get(5).getFirst().owners())
                .containsExactly(new OwnerSeconds("alice", "physics", "acme-research", 0, 3600, 0, 0, 0, 0));

        Answer days = ask(HistoryResolution.HISTORY_RESOLUTION_DAY, T0, T0 + DAY);
        HistoryRow d = days.row(0);
        assertThat(d.getBusyS()).isEqualTo(1800);
        assertThat(d.getFreeIdleS()).isEqualTo(1800);
        assertThat(d.getHeldIdleS()).isEqualTo(23 * 3600);
        assertThat(d.getUncoveredS()).isZero();
        // (80 x 1800) / 86400 and (300 x 1800 + 100 x 1800 + 120 x 82800) / 86400
        assertThat(d.getMeanUtilizationPct()).isCloseTo(1.6667f, within(1e-3f));
        assertThat(d.getMeanPowerW()).isCloseTo(123.333f, within(1e-2f));
        assertThat(d.getEnergyWh()).isCloseTo(150 + 50 + 120 * 23, within(1e-6));
        assertThat(d.getMaxTempC()).isEqualTo(60f);
        assertThat(days.periods().getFirst().getFirst().owners())
                .containsExactly(new OwnerSeconds("alice", "physics", "acme-research", 0, 82800, 0, 0, 0, 0));
        assertThat(d.getPeakTflops()).isPositive();
    }

    @Test
    void aPodWithoutAnAccountIsFiledUnderItsNamespace() throws Exception {
        start(T0);
        playTheDay();
        book.replace(
                "node-a",
                List.of(Workload.newBuilder()
                        .setId("k8s:vision/notebook-7")
                        .setKind(WorkloadKind.WORKLOAD_KIND_KUBERNETES_POD)
                        .setUser("bo")
                        .setNamespace("vision")
                        .addHoldings(Holding.newBuilder().setHostname("node-a").setGpuIndex(0))
                        .build()));
        run(T0, T0 + 2 * HOUR + MIN + 10_000);

        Answer hours = ask(HistoryResolution.HISTORY_RESOLUTION_HOUR, T0 + HOUR, T0 + 2 * HOUR);
        assertThat(hours.periods().getFirst().getFirst().owners())
                .containsExactly(new OwnerSeconds("bo", "vision", "vision", 0, 3600, 0, 0, 0, 0));
    }

    @Test
    void aRestartKeepsHistoryAndLosesOnlyTheOpenMinute() throws Exception {
        start(T0);
        playTheDay();
        run(T0, T0 + HOUR + 46 * MIN); // minute 1:45 is open when the agent goes
        keeper.close();
        publisher.close();

        start(T0 + HOUR + 46 * MIN);
        run(T0 + HOUR + 46 * MIN, T0 + 2 * HOUR + MIN + 10_000);

        Answer hours = ask(HistoryResolution.HISTORY_RESOLUTION_HOUR, T0, T0 + 2 * HOUR);
        assertThat(hours.row(0).getBusyS()).isEqualTo(1800);
        HistoryRow h1 = hours.row(1);
        assertThat(h1.getHeldIdleS()).isEqualTo(3540);
        assertThat(h1.getUncoveredS()).isEqualTo(60);
        Answer minutes = ask(HistoryResolution.HISTORY_RESOLUTION_MINUTE, T0 + HOUR + 44 * MIN, T0 + HOUR + 47 * MIN);
        assertThat(minutes.periods()).hasSize(2);
        assertThat(minutes.gaps())
                .extracting(HistoryGap::getFromMs, HistoryGap::getToMs)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(T0 + HOUR + 45 * MIN, T0 + HOUR + 46 * MIN));
    }

    @Test
    void aKillMidWriteDropsOnlyTheTornRecord() throws Exception {
        start(T0);
        playTheDay();
        run(T0, T0 + 10 * MIN + 10_000);
        keeper.close();
        Path minutes = dir.resolve("minutes-2026-12-01.hrh");
        long size = Files.size(minutes);
        try (var file = new RandomAccessFile(minutes.toFile(), "rw")) {
            file.setLength(size - 20); // the last record, cut short
        }

        start(T0 + 11 * MIN);
        Answer answer = ask(HistoryResolution.HISTORY_RESOLUTION_MINUTE, T0, T0 + 10 * MIN);
        assertThat(answer.periods()).hasSize(9);
        assertThat(Files.size(minutes)).isLessThan(size - 20);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("corrupt"));
        }
    }

    @Test
    void aCorruptFileIsSetAsideNamedAndReportedAsAGapWhileTheRestIsKept() throws Exception {
        start(T0);
        playTheDay();
        run(T0, T0 + 2 * HOUR + MIN + 10_000);
        keeper.close();
        publisher.close();
        Path minutes = dir.resolve("minutes-2026-12-01.hrh");
        try (var file = new RandomAccessFile(minutes.toFile(), "rw")) {
            file.seek(400);
            file.write(new byte[] {0x55, 0x55, 0x55, 0x55});
        }

        start(T0 + 2 * HOUR + 2 * MIN);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("minutes-2026-12-01.hrh.corrupt-"));
        }
        run(T0 + 2 * HOUR + 2 * MIN, T0 + 2 * HOUR + 4 * MIN);

        Answer answer = ask(HistoryResolution.HISTORY_RESOLUTION_MINUTE, T0, T0 + 2 * HOUR + 3 * MIN);
        assertThat(answer.periods()).hasSize(1); // 2:02, in the fresh file
        assertThat(answer.gaps()).first().satisfies(gap -> {
            assertThat(gap.getFromMs()).isEqualTo(T0);
            assertThat(gap.getReason()).startsWith("history file was corrupt and set aside (minutes-2026-12-01.hrh");
        });
        Answer hours = ask(HistoryResolution.HISTORY_RESOLUTION_HOUR, T0, T0 + 2 * HOUR);
        assertThat(hours.periods()).hasSize(2);
        assertThat(hours.row(1).getHeldIdleS()).isEqualTo(3600);
    }

    @Test
    void aRangeTheAgentNeverKeptIsAGapNotZeros() throws Exception {
        start(T0);
        playTheDay();
        run(T0, T0 + 5 * MIN);
        Answer answer = ask(HistoryResolution.HISTORY_RESOLUTION_HOUR, T0 - 30 * DAY, T0 - 29 * DAY);
        assertThat(answer.periods()).isEmpty();
        assertThat(answer.gaps()).singleElement().satisfies(gap -> {
            assertThat(gap.getHostname()).isEqualTo("node-a");
            assertThat(gap.getFromMs()).isEqualTo(T0 - 30 * DAY);
            assertThat(gap.getToMs()).isEqualTo(T0 - 29 * DAY);
            assertThat(gap.getReason()).isEqualTo("no history kept for this time");
        });
    }

    @Test
    void retentionDeletesMinutesOlderThan48Hours() throws Exception {
        start(T0);
        playTheDay();
        run(T0, T0 + 2 * MIN);
        keeper.close();
        publisher.close();
        assertThat(dir.resolve("minutes-2026-12-01.hrh")).exists();
        start(T0 + 3 * DAY);
        assertThat(dir.resolve("minutes-2026-12-01.hrh")).doesNotExist();
        assertThat(dir.resolve("hours-2026-12.hrh")).doesNotExist(); // no hour had closed
    }

    @Test
    void aSecondAgentCannotWriteTheSameFolder() throws Exception {
        start(T0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HistoryKeeper.open(dir, T0))
                .isInstanceOf(IOException.class)
                .hasMessage(dir + " is in use by another agent (history.lock is held)");
    }
}

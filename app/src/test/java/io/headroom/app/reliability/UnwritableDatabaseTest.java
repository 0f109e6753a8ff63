package io.headroom.app.reliability;

import static io.headroom.app.reliability.FaultRow.secondsSince;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.headroom.app.ConsoleExtension;
import io.headroom.core.connection.AgentHealth;
import io.headroom.store.StoreHealth;
import io.headroom.views.operations.OperationRow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console's database file made unwritable under it ({@link ImmutableFile}: chattr +i).
 * The console keeps showing live data from memory, says on its status bar that the store
 * cannot be written, refuses to queue an operation it could not keep (the dialog is told,
 * nothing is silently dropped), and once the file is writable again it saves again by itself
 * and operations queue and go out as before.
 */
@Timeout(900)
class UnwritableDatabaseTest {

    private static final Duration LIMIT = Duration.ofSeconds(150);
    private static final Duration REOPEN_RETRY = Duration.ofSeconds(35);

    @RegisterExtension
    final ConsoleExtension consoleApp = ConsoleUnderTest.extension();

    private Path file;
    private RecordingAgent agent;
    private ConsoleUnderTest console;

    @AfterEach
    void stop() throws Exception {
        if (file != null) {
            ImmutableFile.clear(file); // or the temporary directory cannot be deleted
        }
        if (console != null) {
            console.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    /** 1 in the build (each takes about a minute: the fault is held past the store's 30 s retry); more in a soak. */
    private static int repetitions() {
        return Integer.getInteger("headroom.faultRepetitions") == null ? 1 : FaultRow.perFault();
    }

    @Test
    void theConsoleRunsFromMemorySaysSoAndSavesAgainWhenTheFileIsWritable() throws Exception {
        agent = new RecordingAgent(64, 0, key -> {});
        console = new ConsoleUnderTest(consoleApp, agent.port());
        console.awaitOnlineWithData(LIMIT);
        Path database = consoleApp.profile().resolve("headroom.mv.db");
        String notPossible = ImmutableFile.set(database);
        if (notPossible != null) {
            new FaultRow(
                            "database-unwritable",
                            "database file made unwritable",
                            0,
                            "not run here: " + notPossible,
                            List.of(),
                            List.of(),
                            new FaultRow.Operations(0, 0, 0, 0),
                            Double.NaN)
                    .write();
            Assumptions.abort("cannot make a file immutable here: " + notPossible);
        }
        ImmutableFile.clear(database);

        var tally = new OperationTally();
        List<Double> detect = new ArrayList<>();
        List<Double> recover = new ArrayList<>();
        int refusedAtTheDialog = 0;
        String barLine = "";
        console.fx.takeLongestMs();
        int reps = repetitions();
        for (int rep = 0; rep < reps; rep++) {
            long injected = System.nanoTime();
            file = database;
            assertThat(ImmutableFile.set(database)).isNull();
            String host = agent.simulator().inventory().nodes().get(rep).hostname();
            // The operator queues a drain now: the store cannot keep it, so the dialog must be told, not misled.
            String why = "unwritable " + rep;
            assertThatThrownBy(() -> console.queue(host, agent.simulator().generation(host), true, why))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("not queued");
            refusedAtTheDialog++;
            await("the store to report it cannot write")
                    .atMost(LIMIT)
                    .until(() -> !console.live().store().health().isOk());
            await("the status bar to name the store's problem")
                    .atMost(LIMIT)
                    .until(() -> !storeLine().isEmpty());
            detect.add(secondsSince(injected));
            barLine = storeLine();
            assertThat(console.live().store().health().state()).isEqualTo(StoreHealth.State.FAILING);
            long duringFault = System.currentTimeMillis();
            await("live data to keep coming while the store cannot write")
                    .atMost(LIMIT)
                    .until(() -> console.firstNodeSampleTime() > duringFault && console.health() == AgentHealth.ONLINE);
            // Held past the store's 30 s retry, so it reopens the file while it is still unwritable: H2 then opens
            // it read-only, which once left the store read-only for good (see StoreFailures.closedTheDatabase).
            long heldUntil = System.nanoTime() + REOPEN_RETRY.toNanos();
            await("the fault held past the store's retry").atMost(LIMIT).until(() -> System.nanoTime() > heldUntil);
            assertThatThrownBy(() -> console.queue(host, agent.simulator().generation(host), true, why))
                    .as("still refused at the dialog while unwritable")
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("not queued");
            refusedAtTheDialog++;

            long cleared = System.nanoTime();
            ImmutableFile.clear(database);
            file = null;
            // Recovered when an operation is kept again: the operator retries the dialog until it is (each refusal
            // told).
            String[] kept = new String[1];
            await("the store to keep an operation again by itself")
                    .atMost(LIMIT)
                    .untilAsserted(() -> {
                        boolean keptNow;
                        try {
                            kept[0] = console.queue(host, agent.simulator().generation(host), true, "writable again");
                            keptNow = true;
                        } catch (Exception e) {
                            keptNow = false;
                        }
                        assertThat(keptNow)
                                .as(() -> console.live().store().health().describe())
                                .isTrue();
                    });
            tally.queued(kept[0]);
            await("the status bar to clear")
                    .atMost(LIMIT)
                    .untilAsserted(
                            () -> assertThat(console.live().store().health().isOk()
                                            && storeLine().isEmpty())
                                    .as(() -> console.live().store().health().describe())
                                    .isTrue());
            recover.add(secondsSince(cleared));
            int expected = rep + 1;
            await("the operation queued after the fault delivered")
                    .atMost(LIMIT)
                    .until(() -> {
                        try {
                            List<OperationRow> rows = console.outbox();
                            return rows.size() == expected
                                    && rows.stream().allMatch(r -> r.state().equals("DELIVERED"));
                        } catch (Exception e) {
                            return false;
                        }
                    });
        }
        double fxLongest = console.fx.takeLongestMs();
        assertThat(fxLongest).isLessThan(FxResponsiveness.FROZEN_MS);
        var operations = tally.settle(agent.applied());
        new FaultRow(
                        "database-unwritable",
                        "database file made unwritable (chattr +i: the kernel refuses writes, " + "even root's)",
                        reps,
                        String.format(
                                Locale.ROOT,
                                "kept showing live data from memory; status bar: "
                                        + "\"%s\"; %d drains queued during the fault (held 35 s, past the store's 30 s retry) refused at the "
                                        + "dialog (\"not queued\"), none silently dropped; kept operations again by itself once writable "
                                        + "(recovered: to the first operation kept and the bar clear), and delivered them",
                                barLine,
                                refusedAtTheDialog),
                        detect,
                        recover,
                        operations,
                        fxLongest)
                .write();
    }

    private String storeLine() {
        try {
            return console.storeLine();
        } catch (Exception e) {
            return "";
        }
    }
}

package io.headroom.agent.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.headroom.agent.Fixtures;
import io.headroom.agent.StandIn;
import io.headroom.agent.config.AgentConfig.NodeIdentity;
import io.headroom.agent.server.TelemetryPublisher;
import io.headroom.agent.source.Backoff;
import io.headroom.agent.source.DeviceSource;
import io.headroom.agent.source.dcgm.DcgmExporterSource;
import io.headroom.agent.source.nvidia.NvidiaSmiSource;
import io.headroom.agent.source.nvidia.NvidiaSmiStandIn;
import io.headroom.agent.source.rocm.RocmSmiSource;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.idle.IdleClassifier;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device tools that hang or die, and an exporter that is slow: the agent stops writing those
 * GPUs, so the served table (what every console receives) ages them past the stale window, the
 * same {@link IdleClassifier#isStale} the console paints hatched grey; once the tool behaves
 * again they are live, with fresh values, without restarting the agent.
 *
 * <p>Each stand-in reads a mode file the test flips, as an operator fixing the driver would.
 */
class StaleAndRecoverTest {

    private static final String A100 = "GPU-513536b6-7d19-9063-b049-1e69664bb298";
    private static final String CAPTURE = "nvidia-smi/capture__h100-mig__590.48.01.txt";
    private static final String MI100_CARD0 = "AMD-0x79ccd55167a2124a";
    private static final String T4 = "GPU-5f587dd4-6505-0873-c6db-8324dbfe5ba9";
    private static final int INTERVAL_MS = 200;
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200));
    private static final IdleClassifier CONSOLE = new IdleClassifier(IdleThresholds.DEFAULTS);
    private static final NodeIdentity NODE =
            new NodeIdentity("gpu-test-01", "", "sh-1", "hall-1", "H1-A01", "", 1, 1, 0, "default", "");

    @TempDir
    Path dir;

    private DeviceSource device;
    private TelemetryPublisher publisher;
    private HttpServer exporter;
    private final CountDownLatch releaseSlowAnswers = new CountDownLatch(1);

    @AfterEach
    void stop() {
        releaseSlowAnswers.countDown();
        if (publisher != null) {
            publisher.close();
        }
        if (device != null) {
            device.close();
        }
        if (exporter != null) {
            exporter.stop(0);
        }
    }

    private void serve(DeviceSource source) throws Exception {
        device = source;
        device.start();
        var node = new NodeSource(
                NODE.hostname(), NODE, INTERVAL_MS, List.of(device), null, SchedulerView.fixed(SchedulerState.IDLE));
        publisher = new TelemetryPublisher(node, 16, InstantSource.system());
        publisher.start();
    }

    private int slot(String uuid) {
        FleetLayout layout = publisher.latest().layout();
        for (int slot = 0; slot < layout.slotCount(); slot++) {
            if (!layout.isSlice(slot) && layout.accelerator(slot).uuid().equals(uuid)) {
                return slot;
            }
        }
        throw new AssertionError(uuid + " is not in the served inventory");
    }

    private boolean stale(String uuid) {
        FleetTelemetry table = publisher.latest();
        return CONSOLE.isStale(table, slot(uuid), System.currentTimeMillis());
    }

    private long sampled(String uuid) {
        return publisher.latest().sampleTime(slot(uuid));
    }

    private void mode(String mode) throws IOException {
        Files.writeString(dir.resolve("mode"), mode);
    }

    /** Live, then stale while {@code broken}, then live again with newer samples once the mode is "ok". */
    private void staleThenRecovered(String uuid, Runnable whileStale) throws IOException {
        await("the GPU live at first").until(() -> !stale(uuid));
        await("the GPU stale in the served table").until(() -> stale(uuid));
        whileStale.run();
        long lastBefore = sampled(uuid);
        mode("ok");
        await("the GPU live again with a newer sample").until(() -> !stale(uuid) && sampled(uuid) > lastBefore);
    }

    private StandIn nvidiaSmi(String query) {
        return NvidiaSmiStandIn.create(dir, CAPTURE, "nvidia-smi/query-xml__a100-sxm4-v12.xml", A100, query);
    }

    private static boolean alive(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    @Test
    void anNvidiaSmiThatGoesSilentIsKilledItsGpuStaleThenLiveAgain() throws Exception {
        mode("hang");
        // The first query prints two samples and then hangs in the driver, alive and silent; later
        // ones hang before printing anything, until the driver is fixed. The hanging is done by a
        // child holding the output, so killing the tool alone would not do.
        StandIn standIn = nvidiaSmi("""
                if [ "$(cat "$D/mode")" = hang ]; then
                  if [ ! -f "$D/printed" ]; then touch "$D/printed"; cat "$D/samples.csv" "$D/samples.csv"; fi
                  sleep 600 & echo $! > "$D/hung.$n"; wait
                fi""");
        var source = new NvidiaSmiSource(
                standIn.executable(), INTERVAL_MS, 60_000, QUICK, Duration.ofSeconds(1), InstantSource.system());
        serve(source);

        staleThenRecovered(A100, () -> {
            await("the silent query killed and started again, twice")
                    .until(() -> source.health().restarts() >= 2);
            assertThat(source.health().lastProblem())
                    .startsWith("printed nothing for 1000 ms after ")
                    .endsWith("(hung?), so it was killed");
            // The killed queries are gone with their children, not left hanging beside the new ones.
            await("the first killed query's child to be gone")
                    .until(() -> Files.exists(dir.resolve("hung.4")) && !alive(dir.resolve("hung.4")));
            await("the second killed query's child to be gone")
                    .until(() -> Files.exists(dir.resolve("hung.5")) && !alive(dir.resolve("hung.5")));
        });
        assertThat(publisher.latest().powerW(slot(A100))).isEqualTo(433.78f);
    }

    @Test
    void anNvidiaSmiThatDiesMidStreamAndCannotStartMakesItsGpuStaleThenLiveAgain() throws Exception {
        mode("die");
        // The driver is reloaded under it: two samples, then it exits, and cannot start until the reload is done.
        StandIn standIn = nvidiaSmi("""
                if [ "$(cat "$D/mode")" = die ]; then
                  if [ ! -f "$D/printed" ]; then touch "$D/printed"; cat "$D/samples.csv" "$D/samples.csv"; fi
                  echo "Failed to initialize NVML: Driver/library version mismatch" >&2; exit 18
                fi""");
        var source = new NvidiaSmiSource(
                standIn.executable(), INTERVAL_MS, 60_000, QUICK, Duration.ofSeconds(5), InstantSource.system());
        serve(source);

        staleThenRecovered(A100, () -> {
            assertThat(source.health().restarts()).isPositive();
            assertThat(source.health().lastProblem())
                    .contains("exited with code 18", "Driver/library version mismatch");
        });
    }

    private StandIn rocmSmi(String json) {
        String full = Fixtures.read("amd-rocm-smi/mi100_rocm602.json");
        return StandIn.script(dir, "rocm-smi", """
                case "$*" in
                  *--json*) %s
                     cat "$D/full.json" ;;
                  *) exit 2 ;;
                esac
                """.formatted(json))
                .file("full.json", full)
                .file("cut.json", full.substring(0, full.indexOf("\"card2\"")));
    }

    @Test
    void aRocmSmiThatNeverReturnsIsKilledItsGpusStaleThenLiveAgain() throws Exception {
        mode("ok");
        StandIn standIn = rocmSmi("""
                if [ "$(cat "$D/mode")" = hang ]; then sleep 600 & echo $! > "$D/hung.$n"; wait; fi""");
        var source =
                new RocmSmiSource(standIn.executable(), INTERVAL_MS, Duration.ofSeconds(1), InstantSource.system());
        serve(source);
        await("the GPU live at first").until(() -> !stale(MI100_CARD0));

        mode("hang");
        staleThenRecovered(MI100_CARD0, () -> {
            await("two runs killed").until(() -> source.health().failures() >= 2);
            assertThat(source.health().lastProblem()).endsWith("did not finish within 1000 ms, so it was killed");
            int hungRuns = standIn.starts();
            await("a killed run to be gone").until(() -> !alive(dir.resolve("hung." + (hungRuns - 1))));
        });
        assertThat(publisher.latest().powerW(slot(MI100_CARD0)))
                .isEqualTo(36f); // card0 "Average Graphics Package Power (W)": "36.0"
    }

    @Test
    void aRocmSmiThatDiesMidPrintMakesItsGpusStaleThenLiveAgain() throws Exception {
        mode("ok");
        StandIn standIn = rocmSmi("""
                if [ "$(cat "$D/mode")" = die ]; then cat "$D/cut.json"; echo "Segmentation fault" >&2; exit 139; fi""");
        var source =
                new RocmSmiSource(standIn.executable(), INTERVAL_MS, Duration.ofSeconds(10), InstantSource.system());
        serve(source);
        await("the GPU live at first").until(() -> !stale(MI100_CARD0));

        mode("die");
        staleThenRecovered(MI100_CARD0, () -> {
            assertThat(source.health().lastProblem()).contains("exited with code 139", "Segmentation fault");
            assertThat(source.accelerators()).hasSize(4); // stale, not gone
        });
    }

    @Test
    void aSlowExporterIsAbandonedEachScrapeItsGpusStaleThenLiveAgain() throws Exception {
        byte[] fixture = Fixtures.read("dcgm-exporter/2x-t4__one-workload.prom").getBytes(StandardCharsets.UTF_8);
        AtomicReference<String> answer = new AtomicReference<>("ok");
        exporter = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        exporter.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        exporter.createContext("/metrics", exchange -> {
            try (exchange;
                    OutputStream body = exchange.getResponseBody()) {
                String how = answer.get();
                if (how.equals("slow headers")) {
                    releaseSlowAnswers.await(30, TimeUnit.SECONDS);
                }
                exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
                exchange.sendResponseHeaders(200, fixture.length);
                if (how.equals("slow body")) {
                    // Headers and half the body at once, the rest far later than the scrape timeout.
                    body.write(fixture, 0, fixture.length / 2);
                    body.flush();
                    releaseSlowAnswers.await(30, TimeUnit.SECONDS);
                    body.write(fixture, fixture.length / 2, fixture.length - fixture.length / 2);
                } else {
                    body.write(fixture);
                }
            } catch (InterruptedException | IOException e) {
                // the agent hung up on a slow answer, as it should
            }
        });
        exporter.start();
        URI url = URI.create("http://127.0.0.1:" + exporter.getAddress().getPort() + "/metrics");
        var source = new DcgmExporterSource(url, INTERVAL_MS, 500, InstantSource.system());
        serve(source);

        for (String slowness : List.of("slow headers", "slow body")) {
            await("the GPU live before the exporter is " + slowness).until(() -> !stale(T4));
            long failuresBefore = source.health().failures();
            answer.set(slowness);
            await("the GPU stale while the exporter is " + slowness).until(() -> stale(T4));
            // Every scrape gives up after its timeout and the next one runs: the scrape thread is never stuck.
            await("three abandoned scrapes (" + slowness + ")")
                    .until(() -> source.health().failures() >= failuresBefore + 3);
            assertThat(source.health().lastProblem())
                    .isEqualTo(url + ": no complete answer within 500 ms; scrape abandoned");
            assertThat(source.accelerators()).hasSize(2); // stale, not gone
            long lastBefore = sampled(T4);
            answer.set("ok");
            await("the GPU live again after the exporter was " + slowness)
                    .until(() -> !stale(T4) && sampled(T4) > lastBefore);
        }
        assertThat(publisher.latest().powerW(slot(T4))).isEqualTo(17.035f);
    }
}

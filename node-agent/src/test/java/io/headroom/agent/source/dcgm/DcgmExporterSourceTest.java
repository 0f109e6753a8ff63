package io.headroom.agent.source.dcgm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.headroom.agent.Fixtures;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dcgm-exporter source scraping a local HTTP server that serves the fixture files. */
class DcgmExporterSourceTest {

    private HttpServer server;
    private DcgmExporterSource source;
    private final AtomicReference<String> body = new AtomicReference<>();
    /** When set, served instead of {@link #body}: raw bytes with their Content-Type. */
    private final AtomicReference<Answer> raw = new AtomicReference<>();

    // the canned body the fake exporter serves; never compared or hashed
    @SuppressWarnings("ArrayRecordComponent")
    private record Answer(String contentType, byte[] bytes) {}

    private URI serve(String text) throws Exception {
        body.set(text);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            Answer answer = raw.get() != null
                    ? raw.get()
                    : new Answer("text/plain; version=0.0.4", body.get().getBytes(StandardCharsets.UTF_8));
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            try (exchange) {
                exchange.sendResponseHeaders(200, answer.bytes().length);
                exchange.getResponseBody().write(answer.bytes());
            } catch (java.io.IOException e) {
                // the agent hung up on an answer too large, as it should
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void scrapesEveryIntervalAndFollowsTheExporter() throws Exception {
        URI url = serve(Fixtures.read("dcgm-exporter/2x-t4__one-workload.prom"));
        source = new DcgmExporterSource(url, 100, 1000, InstantSource.system());
        source.start();

        assertThat(source.accelerators()).hasSize(2);
        assertThat(source.reading("GPU-5f587dd4-6505-0873-c6db-8324dbfe5ba9").powerW())
                .isEqualTo(17.035f);
        long first = source.reading("GPU-5f587dd4-6505-0873-c6db-8324dbfe5ba9").timeMillis();
        await("three scrapes").until(() -> source.health().readings() >= 3);
        assertThat(source.reading("GPU-5f587dd4-6505-0873-c6db-8324dbfe5ba9").timeMillis())
                .isGreaterThan(first);

        // The node is re-sliced: the exporter now shows an A100 with MIG instances.
        body.set(Fixtures.read("dcgm-exporter/a100-40gb__mig-2x1g.5gb-1x2g.10gb.prom"));
        await("the new layout")
                .until(() -> source.accelerators().size() == 1
                        && source.accelerators().getFirst().migEnabled());
        assertThat(source.accelerators().getFirst().slices()).hasSize(3);
        assertThat(source.exporterHostname()).isEqualTo("nvidia-dcgm-exporter-q28k4");
    }

    @Test
    void aTruncatedScrapeLosesOnlyItsBrokenLine() throws Exception {
        String full = Fixtures.read("dcgm-exporter/2x-t4__one-workload.prom");
        // Cut in the middle of a sample line, as a connection dropped mid-body would.
        int cut = full.indexOf("DCGM_FI_DEV_FB_USED{gpu=\"1\"") + 40;
        URI url = serve(full.substring(0, cut));
        source = new DcgmExporterSource(url, 100, 1000, InstantSource.system());
        source.start();

        assertThat(source.health().malformed()).isEqualTo(1);
        assertThat(source.health().lastProblem()).isEqualTo(url + " line 52: label UUID: unterminated value");
        assertThat(source.accelerators()).hasSize(2);
        assertThat(source.reading("GPU-7a2e92f2-be71-d37e-a744-541600ffc722").memoryUsedMib())
                .isEqualTo(128f);
        assertThat(source.reading("GPU-5f587dd4-6505-0873-c6db-8324dbfe5ba9").gpuTempC())
                .isEqualTo(52f);
    }

    @Test
    void anExporterThatDoesNotAnswerIsRetriedNotFatal() throws Exception {
        URI url = serve("");
        server.stop(0);
        server = null;
        source = new DcgmExporterSource(url, 100, 500, InstantSource.system());
        source.start();

        assertThat(source.accelerators()).isEmpty();
        await("retries").until(() -> source.health().failures() >= 2);
        assertThat(source.health().lastProblem()).contains("connection refused");
    }

    @Test
    void aMalformedAnswerIsNamedWithItsUrlAndTheGpusStayUntilTheExporterIsRight() throws Exception {
        String good = Fixtures.read("dcgm-exporter/2x-t4__one-workload.prom");
        URI url = serve(good);
        source = new DcgmExporterSource(url, 100, 2000, InstantSource.system());
        source.start();
        assertThat(source.accelerators()).hasSize(2);

        byte[] garbage = new byte[4096];
        new java.util.Random(3).nextBytes(garbage);
        String hugeLine = "DCGM_FI_DEV_GPU_TEMP{gpu=\"0\",UUID=\"GPU-x\",modelName=\"" + "A".repeat(2_000_000) + "\n";
        byte[] tooLarge = new byte[DcgmExporterSource.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(tooLarge, (byte) '#');
        List<Answer> answers = List.of(
                new Answer("text/plain; version=0.0.4", garbage),
                new Answer(
                        "text/html; charset=utf-8",
                        "<html><body>Log in</body></html>".getBytes(StandardCharsets.UTF_8)),
                new Answer("text/plain; version=0.0.4", (hugeLine + good).getBytes(StandardCharsets.UTF_8)),
                new Answer("text/plain; version=0.0.4", tooLarge));
        List<java.util.function.Consumer<String>> problems = List.of(
                p -> assertThat(p)
                        .startsWith(url + ": answered ")
                        .contains(" characters with no DCGM GPU metrics (0 samples, "),
                p -> assertThat(p)
                        .isEqualTo(url + ": answered text/html; charset=utf-8, not Prometheus text"
                                + " (is the URL dcgm-exporter's /metrics?)"),
                p -> assertThat(p).isEqualTo(url + " line 1: label modelName: unterminated value"),
                p -> assertThat(p).isEqualTo(url + ": the answer is larger than 16 MiB; scrape abandoned"));
        for (int i = 0; i < answers.size(); i++) {
            long failures = source.health().failures();
            long malformed = source.health().malformed();
            raw.set(answers.get(i));
            await("the exporter's answer " + (i + 1) + " to be refused")
                    .until(() -> source.health().failures() > failures
                            || source.health().malformed() > malformed);
            problems.get(i).accept(source.health().lastProblem());
            // The GPUs stay in the inventory (stale in the console) until the exporter answers right.
            assertThat(source.accelerators()).hasSize(2);
            raw.set(null);
            long readings = source.health().readings();
            await("good scrapes again after answer " + (i + 1))
                    .until(() -> source.health().readings() > readings + 1);
        }
        assertThat(source.reading("GPU-5f587dd4-6505-0873-c6db-8324dbfe5ba9").powerW())
                .isEqualTo(17.035f);
    }

    @Test
    void aPageWithoutFramebufferFreeKeepsTheMemoryTotalKnownBefore() throws Exception {
        String full = Fixtures.read("dcgm-exporter/2x-t4__one-workload.prom");
        URI url = serve(full);
        source = new DcgmExporterSource(url, 100, 1000, InstantSource.system());
        source.start();
        assertThat(source.accelerators()).extracting(a -> a.memoryTotalMib()).containsExactly(128L + 14831, 5L + 14955);

        // The exporter restarts with a field list that leaves DCGM_FI_DEV_FB_FREE out.
        body.set(full.lines()
                .filter(l -> !l.startsWith("DCGM_FI_DEV_FB_FREE"))
                .collect(java.util.stream.Collectors.joining("\n")));
        long scrapes = source.health().readings();
        await("two scrapes of the page without FB_FREE")
                .until(() -> source.health().readings() >= scrapes + 2);
        assertThat(source.accelerators()).extracting(a -> a.memoryTotalMib()).containsExactly(128L + 14831, 5L + 14955);
    }
}

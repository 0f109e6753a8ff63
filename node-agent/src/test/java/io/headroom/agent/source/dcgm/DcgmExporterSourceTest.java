package io.headroom.agent.source.dcgm;

import com.sun.net.httpserver.HttpServer;
import io.headroom.agent.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

import static io.headroom.agent.Conditions.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The dcgm-exporter source scraping a local HTTP server that serves the fixture files. */
class DcgmExporterSourceTest {

    private HttpServer server;
    private DcgmExporterSource source;
    private final AtomicReference<String> body = new AtomicReference<>();

    private URI serve(String text) throws Exception {
        body.set(text);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
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
        assertThat(source.reading("GPU-5f587dd4-6505-0873-c6db-8324dbfe5ba9").powerW()).isEqualTo(17.035f);
        long first = source.reading("GPU-5f587dd4-6505-0873-c6db-8324dbfe5ba9").timeMillis();
        waitUntil(() -> source.health().readings() >= 3, "three scrapes");
        assertThat(source.reading("GPU-5f587dd4-6505-0873-c6db-8324dbfe5ba9").timeMillis()).isGreaterThan(first);

        // The node is re-sliced: the exporter now shows an A100 with MIG instances.
        body.set(Fixtures.read("dcgm-exporter/a100-40gb__mig-2x1g.5gb-1x2g.10gb.prom"));
        waitUntil(() -> source.accelerators().size() == 1 && source.accelerators().getFirst().migEnabled(), "the new layout");
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
        assertThat(source.health().lastProblem()).startsWith("line ");
        assertThat(source.accelerators()).hasSize(2);
        assertThat(source.reading("GPU-7a2e92f2-be71-d37e-a744-541600ffc722").memoryUsedMib()).isEqualTo(128f);
        assertThat(source.reading("GPU-5f587dd4-6505-0873-c6db-8324dbfe5ba9").gpuTempC()).isEqualTo(52f);
    }

    @Test
    void anExporterThatDoesNotAnswerIsRetriedNotFatal() throws Exception {
        URI url = serve("");
        server.stop(0);
        server = null;
        source = new DcgmExporterSource(url, 100, 500, InstantSource.system());
        source.start();

        assertThat(source.accelerators()).isEmpty();
        waitUntil(() -> source.health().failures() >= 2, "retries");
        assertThat(source.health().lastProblem()).contains("connection refused");
    }
}

package io.headroom.agent.source.ascend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.headroom.agent.Fixtures;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The npu-exporter source scraping a loopback HTTP server that serves the captured pages. */
class NpuExporterSourceTest {

    private HttpServer server;
    private NpuExporterSource source;
    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger delayMs = new AtomicInteger();

    private URI serve(String text) throws Exception {
        body.set(text);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/metrics", exchange -> {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            try (exchange) {
                Thread.sleep(delayMs.get());
                exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
                exchange.sendResponseHeaders(status.get(), bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (java.io.IOException | InterruptedException e) {
                // the agent gave up on a slow answer, as it should
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
    void scrapesTheChipsAndGoesStaleWhenTheExporterFails() throws Exception {
        URI url = serve(Fixtures.read(NpuExporterMetricsTest.EIGHT));
        source = new NpuExporterSource(url, 100, 2000, InstantSource.system());
        source.start();

        await("the first answer").until(() -> source.accelerators().size() == 8);
        assertThat(source.accelerators().get(5).model()).isEqualTo("Huawei Ascend 910Awn");
        assertThat(source.reading("ASCEND-id5").utilizationPct()).isZero();
        assertThat(source.faults()).isEmpty();
        long first = source.reading("ASCEND-id5").timeMillis();
        await("more scrapes").until(() -> source.reading("ASCEND-id5").timeMillis() > first);

        // The exporter loses its chips: an answer with none is a failed scrape, and the chips stay, going stale.
        body.set(Fixtures.read(NpuExporterMetricsTest.NONE));
        await("a scrape without chips").until(() -> source.health().failures() >= 1);
        assertThat(source.health().lastProblem()).contains("answered with no npu_chip_info metrics (2 samples");
        long stale = source.reading("ASCEND-id5").timeMillis();
        assertThat(source.accelerators()).hasSize(8);

        // A slow exporter is abandoned at the timeout.
        body.set(Fixtures.read(NpuExporterMetricsTest.EIGHT));
        delayMs.set(5000);
        await("a slow scrape abandoned")
                .atMost(Duration.ofSeconds(20))
                .until(() -> source.health().lastProblem().contains("no complete answer within 2000 ms"));
        assertThat(source.reading("ASCEND-id5").timeMillis()).isEqualTo(stale);

        // An HTTP error is named; back to health after it.
        delayMs.set(0);
        status.set(503);
        await("an HTTP error").until(() -> source.health().lastProblem().contains("answered HTTP 503"));
        status.set(200);
        await("scraping again").until(() -> source.reading("ASCEND-id5").timeMillis() > stale);
    }

    @Test
    void anUnhealthyChipIsAFault() throws Exception {
        String page = Fixtures.read(NpuExporterMetricsTest.EIGHT)
                .replace(
                        "npu_chip_info_health_status{id=\"6\",model_name=\"910Awn-Ascend-V1\",pcie_bus_info=\"\",vdie_id=\"\"} 1",
                        "npu_chip_info_health_status{id=\"6\",model_name=\"910Awn-Ascend-V1\",pcie_bus_info=\"\",vdie_id=\"\"} 0")
                .replace(
                        "npu_chip_info_error_code{id=\"6\",model_name=\"910Awn-Ascend-V1\",pcie_bus_info=\"\",vdie_id=\"\"} 0",
                        "npu_chip_info_error_code{id=\"6\",model_name=\"910Awn-Ascend-V1\",pcie_bus_info=\"\",vdie_id=\"\"} 2156396547");
        source = new NpuExporterSource(serve(page), 100, 2000, InstantSource.system());
        source.start();
        await("the first answer").until(() -> !source.accelerators().isEmpty());
        assertThat(source.faults())
                .containsExactly(java.util.Map.entry("ASCEND-id6", "unhealthy, error code 2156396547"));
    }

    @Test
    void anExporterThatIsNotThereIsRetried() throws Exception {
        URI url = serve("");
        server.stop(0);
        server = null;
        source = new NpuExporterSource(url, 100, 500, InstantSource.system());
        source.start();
        assertThat(source.accelerators()).isEmpty();
        assertThat(source.health().lastProblem()).contains("connection refused (is npu-exporter running?)");
    }
}

package io.headroom.agent.source.dcgm;

import io.headroom.agent.source.DeviceSource;
import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.SourceHealth;
import io.headroom.core.fleet.Accelerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * NVIDIA GPUs through a running dcgm-exporter: its {@code /metrics} scraped every interval.
 * DCGM sees what nvidia-smi cannot under MIG (each instance's activity), which makes this the
 * better source on MIG nodes. An exporter that does not answer is retried every interval; its
 * GPUs go stale in the console meanwhile rather than showing old values.
 */
public final class DcgmExporterSource implements DeviceSource {

    private static final Logger log = LoggerFactory.getLogger(DcgmExporterSource.class);
    private static final String NAME = "dcgm-exporter";

    private final URI url;
    private final int intervalMs;
    private final Duration timeout;
    private final InstantSource clock;
    private final HttpClient http;
    private final SourceHealth health = new SourceHealth(NAME);
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("dcgm-exporter-scrape").factory());
    private volatile DcgmScrape latest = new DcgmScrape("", List.of(), java.util.Map.of());
    private boolean failing;

    public DcgmExporterSource(URI url, int intervalMs, int timeoutMs, InstantSource clock) {
        this.url = url;
        this.intervalMs = intervalMs;
        this.timeout = Duration.ofMillis(timeoutMs);
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() {
        scrapeSafely();
        if (failing) {
            log.warn("{}: {} does not answer yet ({}); trying again every {} ms", NAME, url, health.lastProblem(), intervalMs);
        } else {
            log.info("{}: {} GPUs at {}, scraped every {} ms", NAME, latest.accelerators().size(), url, intervalMs);
        }
        timer.scheduleAtFixedRate(this::scrapeSafely, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void scrapeSafely() {
        try {
            scrape();
            if (failing) {
                log.info("{}: {} answers again", NAME, url);
            }
            failing = false;
        } catch (IOException e) {
            health.failure(e.getMessage());
            if (!failing) {
                log.warn("{}: scraping {} failed: {}", NAME, url, e.getMessage());
            }
            failing = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("{}: scrape of {} could not be used", NAME, url, e);
        }
    }

    private void scrape() throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new IOException("no answer within " + timeout.toMillis() + " ms");
        } catch (java.net.ConnectException e) {
            throw new IOException("connection refused (is dcgm-exporter running?)");
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        long now = clock.millis();
        PrometheusText.Parsed parsed = PrometheusText.parse(response.body());
        for (PrometheusText.Problem problem : parsed.problems()) {
            if (health.malformed("line " + problem.line() + ": " + problem.reason())) {
                log.warn("{}: {} line {} skipped: {} (line: '{}')", NAME, url, problem.line(), problem.reason(),
                        problem.text().length() > 200 ? problem.text().substring(0, 200) + "..." : problem.text());
            }
        }
        latest = DcgmScrape.of(parsed.samples(), now);
        health.reading();
    }

    /** The exporter's own name for this node, for logs and checks; "" before the first scrape. */
    public String exporterHostname() {
        return latest.hostname();
    }

    @Override
    public List<Accelerator> accelerators() {
        return latest.accelerators();
    }

    @Override
    public GpuReading reading(String uuid) {
        return latest.readings().get(uuid);
    }

    @Override
    public SourceHealth health() {
        return health;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        http.close();
    }
}

package io.headroom.agent.source.ascend;

import io.headroom.agent.source.DeviceSource;
import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.SourceHealth;
import io.headroom.agent.source.ToolOutput;
import io.headroom.agent.source.dcgm.LimitedBody;
import io.headroom.agent.source.dcgm.PrometheusText;
import io.headroom.core.fleet.Accelerator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Huawei Ascend NPUs through a running npu-exporter: its {@code /metrics} scraped every
 * interval. An exporter that does not answer, or answers without chips, is retried every
 * interval and its chips go stale in the console meanwhile rather than show old values or zeros.
 */
public final class NpuExporterSource implements DeviceSource {

    private static final Logger log = LoggerFactory.getLogger(NpuExporterSource.class);
    public static final String NAME = "npu-exporter";
    /** Eight 910s are about 15 KB; 16 MiB is a broken endpoint. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final URI url;
    private final int intervalMs;
    private final Duration timeout;
    private final InstantSource clock;
    private final HttpClient http;
    private final SourceHealth health = new SourceHealth(NAME);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("npu-exporter-scrape").factory());
    private volatile ToolOutput latest = new ToolOutput(List.of(), Map.of(), Map.of(), List.of());
    private boolean failing;

    public NpuExporterSource(URI url, int intervalMs, int timeoutMs, InstantSource clock) {
        this.url = url;
        this.intervalMs = intervalMs;
        this.timeout = Duration.ofMillis(timeoutMs);
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() {
        scrapeSafely();
        if (failing) {
            log.warn(
                    "{}: {} does not answer yet ({}); trying again every {} ms",
                    NAME,
                    url,
                    health.lastProblem(),
                    intervalMs);
        } else {
            log.info(
                    "{}: {} NPUs at {}, scraped every {} ms",
                    NAME,
                    latest.accelerators().size(),
                    url,
                    intervalMs);
        }
        // Runs until close() shuts the executor down; nothing reads the future.
        var unusedScraping =
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
            health.failure(url + ": " + e.getMessage());
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
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request, LimitedBody.upTo(MAX_BODY_BYTES));
        HttpResponse<String> response;
        try {
            response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new IOException("no complete answer within " + timeout.toMillis() + " ms; scrape abandoned");
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.net.ConnectException) {
                throw new IOException("connection refused (is npu-exporter running?)");
            }
            if (cause instanceof java.net.http.HttpTimeoutException) {
                throw new IOException("no complete answer within " + timeout.toMillis() + " ms; scrape abandoned");
            }
            throw new IOException(
                    cause instanceof LimitedBody.TooLarge
                            ? cause.getMessage() + "; scrape abandoned"
                            : "the connection failed: " + (cause == null ? "?" : cause.getMessage()));
        }
        if (response.statusCode() != 200) {
            throw new IOException("answered HTTP " + response.statusCode());
        }
        PrometheusText.Parsed parsed = PrometheusText.parse(response.body());
        ToolOutput scrape = NpuExporterMetrics.of(parsed.samples(), clock.millis());
        if (scrape.accelerators().isEmpty()) {
            String first = parsed.problems().isEmpty()
                    ? ""
                    : "; line " + parsed.problems().getFirst().line() + " '"
                            + parsed.problems().getFirst().text() + "': "
                            + parsed.problems().getFirst().reason();
            throw new IOException("answered with no npu_chip_info metrics ("
                    + parsed.samples().size() + " samples, " + parsed.problems().size() + " unreadable lines" + first
                    + ")");
        }
        for (PrometheusText.Problem problem : parsed.problems()) {
            if (health.malformed(url + " line " + problem.line() + " '" + problem.text() + "': " + problem.reason())) {
                log.warn("{}: {} line {} skipped: {}", NAME, url, problem.line(), problem.reason());
            }
        }
        for (String problem : scrape.problems()) {
            if (health.malformed(problem)) {
                log.warn("{}: {}", NAME, problem);
            }
        }
        scrape.faults().forEach((uuid, fault) -> {
            if (!fault.equals(latest.faults().get(uuid))) {
                log.warn("{}: {} reports {}", NAME, uuid, fault);
            }
        });
        latest = scrape;
        health.reading();
    }

    /** The chips the exporter last reported unhealthy, by UUID. */
    public Map<String, String> faults() {
        return latest.faults();
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

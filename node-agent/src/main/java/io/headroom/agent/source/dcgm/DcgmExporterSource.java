package io.headroom.agent.source.dcgm;

import io.headroom.agent.source.DeviceSource;
import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.SourceHealth;
import io.headroom.core.fleet.Accelerator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NVIDIA GPUs through a running dcgm-exporter: its {@code /metrics} scraped every interval.
 * DCGM sees what nvidia-smi cannot under MIG (each instance's activity), which makes this the
 * better source on MIG nodes. An exporter that does not answer is retried every interval; its
 * GPUs go stale in the console meanwhile rather than showing old values.
 */
public final class DcgmExporterSource implements DeviceSource {

    private static final Logger log = LoggerFactory.getLogger(DcgmExporterSource.class);
    private static final String NAME = "dcgm-exporter";
    /** dcgm-exporter's answer for 8 GPUs with MIG is about 200 KB; 16 MiB is a broken endpoint. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final URI url;
    private final int intervalMs;
    private final Duration timeout;
    private final InstantSource clock;
    private final HttpClient http;
    private final SourceHealth health = new SourceHealth(NAME);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("dcgm-exporter-scrape").factory());
    private volatile DcgmScrape latest = new DcgmScrape("", List.of(), java.util.Map.of());
    private boolean failing;

    public DcgmExporterSource(URI url, int intervalMs, int timeoutMs, InstantSource clock) {
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
                    "{}: {} GPUs at {}, scraped every {} ms",
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

    /**
     * One scrape, whole or not at all: the exporter has {@code timeout} to answer completely (a
     * slow body is abandoned, never waited for), at most {@link #MAX_BODY_BYTES}, as Prometheus
     * text with DCGM's metrics in it. Anything else leaves the last scrape in place, so the GPUs
     * go stale in the console rather than vanish from it.
     */
    private void scrape() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request, LimitedBody.upTo(MAX_BODY_BYTES));
        HttpResponse<String> response;
        try {
            response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true); // closes the connection: the exporter's late bytes go nowhere
            throw new IOException("no complete answer within " + timeout.toMillis() + " ms; scrape abandoned");
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
        if (response.statusCode() != 200) {
            throw new IOException("answered HTTP " + response.statusCode());
        }
        String type = response.headers().firstValue("Content-Type").orElse("text/plain");
        if (!type.startsWith("text/plain") && !type.startsWith("application/openmetrics-text")) {
            throw new IOException("answered " + type + ", not Prometheus text (is the URL dcgm-exporter's /metrics?)");
        }
        long now = clock.millis();
        PrometheusText.Parsed parsed = PrometheusText.parse(response.body());
        DcgmScrape scrape = DcgmScrape.of(parsed.samples(), now).keepingTotalsOf(latest);
        if (scrape.accelerators().isEmpty()) {
            String first = parsed.problems().isEmpty()
                    ? ""
                    : "; line " + parsed.problems().getFirst().line() + ": "
                            + parsed.problems().getFirst().reason();
            throw new IOException("answered " + response.body().length() + " characters with no DCGM GPU metrics ("
                    + parsed.samples().size() + " samples, " + parsed.problems().size() + " unreadable lines" + first
                    + ")");
        }
        for (PrometheusText.Problem problem : parsed.problems()) {
            if (health.malformed(url + " line " + problem.line() + ": " + problem.reason())) {
                log.warn(
                        "{}: {} line {} skipped: {} (line: '{}')",
                        NAME,
                        url,
                        problem.line(),
                        problem.reason(),
                        problem.text().length() > 200 ? problem.text().substring(0, 200) + "..." : problem.text());
            }
        }
        latest = scrape;
        health.reading();
    }

    private IOException failure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof LimitedBody.TooLarge tooLarge) {
                return new IOException(tooLarge.getMessage() + "; scrape abandoned");
            }
            if (t instanceof java.net.ConnectException) {
                return new IOException("connection refused (is dcgm-exporter running?)");
            }
            if (t instanceof HttpTimeoutException) {
                return new IOException("no complete answer within " + timeout.toMillis() + " ms; scrape abandoned");
            }
        }
        String message = cause == null ? null : cause.getMessage();
        return new IOException(
                message == null
                        ? "the connection failed ("
                                + (cause == null ? "?" : cause.getClass().getSimpleName()) + ")"
                        : "the connection failed: " + message);
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

package io.headroom.client.alertmanager;

import io.headroom.client.alertmanager.AlertmanagerFailure.Cause;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Talks to Alertmanager over its API v2: the alerts it holds, its silences, and new silences. Every call has a
 * deadline covering the whole answer, not only its first byte, and reads at most {@link #maxBytes()} of it; whatever
 * goes wrong comes back as an {@link AlertmanagerFailure} naming the URL and the cause. Call it off the FX thread:
 * it blocks until the answer is read.
 */
public final class AlertmanagerClient implements AutoCloseable {

    /** Default ceiling on an answer: some tens of thousands of alerts. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

    private final URI base;
    private final Duration timeout;
    private final long maxBytes;
    private final HttpClient http;
    private final ScheduledExecutorService deadlines;

    /**
     * @param base     Alertmanager's root, e.g. {@code http://alertmanager:9093} (a path prefix is kept)
     * @param timeout  for the whole answer of one call
     * @param maxBytes answers larger than this are refused
     */
    public AlertmanagerClient(URI base, Duration timeout, long maxBytes) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        if (!"http".equals(this.base.getScheme()) && !"https".equals(this.base.getScheme())) {
            throw new IllegalArgumentException("Alertmanager must be an http:// or https:// URL, was " + base);
        }
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("alertmanager-deadline").factory());
    }

    public AlertmanagerClient(URI base) {
        this(base, Duration.ofSeconds(10), DEFAULT_MAX_BYTES);
    }

    public URI base() {
        return base;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The alerts Alertmanager holds now, silenced ones included (see {@link ActiveAlert#silenced()}). */
    public List<ActiveAlert> alerts() throws AlertmanagerFailure, InterruptedException {
        URI uri = base.resolve("api/v2/alerts");
        String body = exchange(uri, get(uri));
        try {
            return AlertmanagerJson.alerts(body);
        } catch (AlertmanagerJson.NotTheApi e) {
            throw garbage(uri, e);
        }
    }

    /** Every silence Alertmanager keeps: active, pending and recently expired. */
    public List<Silence> silences() throws AlertmanagerFailure, InterruptedException {
        URI uri = base.resolve("api/v2/silences");
        String body = exchange(uri, get(uri));
        try {
            return AlertmanagerJson.silences(body);
        } catch (AlertmanagerJson.NotTheApi e) {
            throw garbage(uri, e);
        }
    }

    /** Creates {@code silence}; returns the id Alertmanager gave it. */
    public String createSilence(NewSilence silence) throws AlertmanagerFailure, InterruptedException {
        URI uri = base.resolve("api/v2/silences");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(AlertmanagerJson.write(silence), StandardCharsets.UTF_8))
                .build();
        String body = exchange(uri, request);
        try {
            return AlertmanagerJson.silenceId(body);
        } catch (AlertmanagerJson.NotTheApi e) {
            throw garbage(uri, e);
        }
    }

    private HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
    }

    /** The body of a 200 answer, read whole within the deadline and the size limit. */
    private String exchange(URI uri, HttpRequest request) throws AlertmanagerFailure, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<HttpResponse<InputStream>> sent =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response;
        try {
            response = sent.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw timedOut(uri, e);
        } catch (ExecutionException e) {
            throw transport(uri, e.getCause());
        }
        AtomicBoolean expired = new AtomicBoolean();
        InputStream body = response.body();
        // A server that sends its headers and then trickles the body would outlast the request's own timeout,
        // which ends at the headers: close the stream when the deadline passes.
        var closer = deadlines.schedule(
                () -> {
                    expired.set(true);
                    closeQuietly(body);
                },
                Math.max(0, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS);
        try (body) {
            String text = read(body, response.statusCode() == 200 ? maxBytes : 64 * 1024);
            if (response.statusCode() != 200) {
                String said = AlertmanagerJson.reason(text);
                throw new AlertmanagerFailure(
                        Cause.HTTP_ERROR,
                        uri,
                        "HTTP " + response.statusCode() + (said.isEmpty() ? " from Alertmanager" : ": " + said),
                        null);
            }
            return text;
        } catch (TooLarge e) {
            throw new AlertmanagerFailure(Cause.TOO_LARGE, uri, "the answer is larger than " + maxBytes + " bytes", e);
        } catch (IOException e) {
            if (expired.get()) {
                throw timedOut(uri, e);
            }
            throw new AlertmanagerFailure(Cause.DOWN, uri, "the connection broke while reading the answer: " + e, e);
        } finally {
            closer.cancel(false);
        }
    }

    private static String read(InputStream in, long limit) throws IOException {
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > limit) {
                throw new TooLarge();
            }
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static AlertmanagerFailure garbage(URI uri, AlertmanagerJson.NotTheApi e) {
        return new AlertmanagerFailure(
                Cause.GARBAGE, uri, "the answer is not Alertmanager's API v2 JSON: " + e.getMessage(), e);
    }

    private AlertmanagerFailure timedOut(URI uri, Exception e) {
        return new AlertmanagerFailure(
                Cause.TIMEOUT, uri, "no complete answer within " + timeout.toMillis() + " ms", e);
    }

    private static AlertmanagerFailure transport(URI uri, Throwable e) {
        if (e instanceof HttpTimeoutException) {
            return new AlertmanagerFailure(Cause.TIMEOUT, uri, "no answer within the timeout", e);
        }
        if (e instanceof ConnectException) {
            return new AlertmanagerFailure(Cause.DOWN, uri, "nothing answers there (connection refused)", e);
        }
        return new AlertmanagerFailure(Cause.DOWN, uri, "could not reach Alertmanager: " + e, e);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing to end a read that outlived its deadline
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        http.close();
    }

    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
    }
}

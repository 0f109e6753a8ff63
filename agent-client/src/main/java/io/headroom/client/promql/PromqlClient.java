package io.headroom.client.promql;

import io.headroom.client.promql.PromqlFailure.Cause;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks a Prometheus or VictoriaMetrics server for a range of history over its HTTP API ({@code
 * /api/v1/query_range}). Every call has a deadline covering the whole answer, not only its first byte, and reads at
 * most {@link #maxBytes()} of it; whatever goes wrong comes back as a {@link PromqlFailure} naming the URL and
 * the cause. Call it off the FX thread: it blocks until the answer is read.
 */
public final class PromqlClient implements AutoCloseable {

    /** Default ceiling on an answer: 7 days of hourly rack figures at 100,000 GPUs is a few MB. */
    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

    private final URI base;
    private final Duration timeout;
    private final long maxBytes;
    private final HttpClient http;
    private final ScheduledExecutorService deadlines;

    /**
     * @param base     the server's root, e.g. {@code http://prometheus:9090} (a path prefix is kept)
     * @param timeout  for the whole answer of one query
     * @param maxBytes answers larger than this are refused
     */
    public PromqlClient(URI base, Duration timeout, long maxBytes) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        if (!"http".equals(this.base.getScheme()) && !"https".equals(this.base.getScheme())) {
            throw new IllegalArgumentException("PromQL endpoint must be an http:// or https:// URL, was " + base);
        }
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("promql-deadline").factory());
    }

    public PromqlClient(URI base) {
        this(base, Duration.ofSeconds(30), DEFAULT_MAX_BYTES);
    }

    public URI base() {
        return base;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The series of {@code query} evaluated every {@code step} from {@code start} to {@code end}, both included. */
    public List<RangeSeries> queryRange(String query, Instant start, Instant end, Duration step)
            throws PromqlFailure, InterruptedException {
        URI uri = base.resolve("api/v1/query_range?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&start=" + seconds(start) + "&end=" + seconds(end) + "&step=" + step.toSeconds());
        RangeDecoder.Answer answer = fetch(uri);
        if (!"success".equals(answer.status())) {
            throw new PromqlFailure(Cause.QUERY_ERROR, uri, queryError(answer), null);
        }
        if (!"matrix".equals(answer.resultType()) || answer.result() == null) {
            throw new PromqlFailure(
                    Cause.GARBAGE,
                    uri,
                    "expected a matrix of series, the answer's data has resultType " + answer.resultType(),
                    null);
        }
        return answer.result();
    }

    private RangeDecoder.Answer fetch(URI uri) throws PromqlFailure, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
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
        try (InputStream limited = new Limited(body, maxBytes)) {
            if (response.statusCode() != 200) {
                throw httpError(uri, response.statusCode(), limited);
            }
            return RangeDecoder.decode(limited);
        } catch (TooLarge e) {
            throw new PromqlFailure(
                    Cause.TOO_LARGE,
                    uri,
                    "the answer is larger than " + maxBytes + " bytes; ask for a shorter range or a coarser step",
                    e);
        } catch (RangeDecoder.NotTheApi e) {
            throw new PromqlFailure(
                    Cause.GARBAGE, uri, "the answer is not the Prometheus API's JSON: " + e.getMessage(), e);
        } catch (IOException e) {
            if (expired.get()) {
                throw timedOut(uri, e);
            }
            throw new PromqlFailure(Cause.DOWN, uri, "the connection broke while reading the answer: " + e, e);
        } finally {
            closer.cancel(false);
        }
    }

    private PromqlFailure httpError(URI uri, int status, InputStream body) {
        try {
            RangeDecoder.Answer answer = RangeDecoder.decode(new Limited(body, 64 * 1024));
            if ("error".equals(answer.status())) {
                return new PromqlFailure(Cause.QUERY_ERROR, uri, "HTTP " + status + ", " + queryError(answer), null);
            }
        } catch (IOException | RuntimeException notJson) {
            // Not the API's error JSON (a proxy's page, a plain-text error): say the status and what it said.
        }
        return new PromqlFailure(Cause.HTTP_ERROR, uri, "HTTP " + status + " from the endpoint", null);
    }

    private static String queryError(RangeDecoder.Answer answer) {
        return "the query failed (" + (answer.errorType() == null ? "status " + answer.status() : answer.errorType())
                + "): " + (answer.error() == null ? "no reason given" : answer.error());
    }

    private PromqlFailure timedOut(URI uri, Exception e) {
        return new PromqlFailure(Cause.TIMEOUT, uri, "no complete answer within " + timeout.toMillis() + " ms", e);
    }

    private PromqlFailure transport(URI uri, Throwable e) {
        if (e instanceof HttpTimeoutException) {
            return timedOut(uri, (Exception) e);
        }
        if (e instanceof ConnectException) {
            return new PromqlFailure(Cause.DOWN, uri, "nothing answers there (connection refused)", e);
        }
        return new PromqlFailure(Cause.DOWN, uri, "could not reach the endpoint: " + e, e);
    }

    private static String seconds(Instant at) {
        long millis = at.toEpochMilli();
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format("%.3f", millis / 1000.0);
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

    /** Refuses to read past a ceiling. */
    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long read;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++read > limit) {
                throw new TooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0 && (read += n) > limit) {
                throw new TooLarge();
            }
            return n;
        }
    }
}

package io.headroom.client.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.headroom.client.promql.PromqlFailure.Cause;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a loopback server that answers well, badly, slowly or not at all. */
class PromqlClientTest {

    private static final Instant FROM = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-12-01T02:00:00Z");

    private HttpServer server;
    private final AtomicReference<Answer> answer = new AtomicReference<>();
    private final AtomicReference<URI> asked = new AtomicReference<>();

    private interface Answer {
        void send(HttpExchange exchange) throws IOException;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            asked.set(exchange.getRequestURI());
            try (exchange) {
                answer.get().send(exchange);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prom");
    }

    private static Answer body(int status, String text) {
        return exchange -> {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    private PromqlFailure failure(PromqlClient client) {
        return catchThrowableOfType(PromqlFailure.class, () -> client.queryRange("up", FROM, TO, Duration.ofHours(1)));
    }

    @Test
    void readsAMatrixWithItsLabelsTimesAndValues() throws Exception {
        answer.set(body(200, """
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{"__name__":"rack:headroom_gpu_idle_share:1h","rack":"r1","hall":"h1"},
                   "values":[[1764547200,"0.25"],[1764550800.5,"NaN"]]},
                  {"metric":{"rack":"r2"},"values":[]}]}}
                """));
        try (var client = new PromqlClient(base())) {
            List<RangeSeries> series =
                    client.queryRange("rack:headroom_gpu_idle_share:1h", FROM, TO, Duration.ofHours(1));

            assertThat(series).hasSize(2);
            assertThat(series.get(0).label("rack")).isEqualTo("r1");
            assertThat(series.get(0).timesMillis()).containsExactly(1764547200_000L, 1764550800_500L);
            assertThat(series.get(0).values()[0]).isEqualTo(0.25);
            assertThat(series.get(0).values()[1]).isNaN();
            assertThat(series.get(1).size()).isZero();
        }
        assertThat(asked.get().getPath()).isEqualTo("/prom/api/v1/query_range");
        assertThat(asked.get().getQuery())
                .contains("query=rack:headroom_gpu_idle_share:1h", "start=" + FROM.getEpochSecond(), "step=3600");
    }

    @Test
    void anEndpointThatIsDownIsNamedWithItsUrl() throws Exception {
        int closed;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        try (var client = new PromqlClient(URI.create("http://127.0.0.1:" + closed))) {
            PromqlFailure failure = failure(client);

            assertThat(failure.reason()).isEqualTo(Cause.DOWN);
            assertThat(failure.getMessage()).startsWith("http://127.0.0.1:" + closed + "/api/v1/query_range");
            assertThat(failure.getMessage()).contains("connection refused");
        }
    }

    @Test
    void aSlowEndpointTimesOut() throws Exception {
        answer.set(exchange -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (var client = new PromqlClient(base(), Duration.ofMillis(300), PromqlClient.DEFAULT_MAX_BYTES)) {
            PromqlFailure failure = failure(client);

            assertThat(failure.reason()).isEqualTo(Cause.TIMEOUT);
            assertThat(failure.getMessage()).contains(base().toString(), "no complete answer within 300 ms");
        }
    }

    @Test
    void anEndpointThatTricklesItsBodyTimesOutToo() throws Exception {
        answer.set(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("{\"status\":\"success\",".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (var client = new PromqlClient(base(), Duration.ofMillis(500), PromqlClient.DEFAULT_MAX_BYTES)) {
            assertThat(failure(client).reason()).isEqualTo(Cause.TIMEOUT);
        }
    }

    @Test
    void anHttpErrorSaysItsStatus() throws Exception {
        answer.set(body(500, "<html>Internal Server Error</html>"));
        try (var client = new PromqlClient(base())) {
            PromqlFailure failure = failure(client);

            assertThat(failure.reason()).isEqualTo(Cause.HTTP_ERROR);
            assertThat(failure.getMessage()).contains(base().toString(), "HTTP 500");
        }
    }

    @Test
    void aQueryErrorSaysWhatTheServerSaid() throws Exception {
        answer.set(body(
                400,
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:5: parse error: unexpected end\"}"));
        try (var client = new PromqlClient(base())) {
            PromqlFailure failure = failure(client);

            assertThat(failure.reason()).isEqualTo(Cause.QUERY_ERROR);
            assertThat(failure.getMessage()).contains("HTTP 400", "bad_data", "parse error: unexpected end");
        }
    }

    @Test
    void garbageIsNamedAsNotTheApi() throws Exception {
        answer.set(body(200, "{\"status\":\"success\",\"data\":{\"result\":[{\"metric\":{\"a\":1}, \"values\":[[1,"));
        try (var client = new PromqlClient(base())) {
            PromqlFailure failure = failure(client);

            assertThat(failure.reason()).isEqualTo(Cause.GARBAGE);
            assertThat(failure.getMessage()).contains(base().toString(), "not the Prometheus API's JSON");
        }
        answer.set(body(200, "hello, I am a web page"));
        try (var client = new PromqlClient(base())) {
            assertThat(failure(client).reason()).isEqualTo(Cause.GARBAGE);
        }
        answer.set(body(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"));
        try (var client = new PromqlClient(base())) {
            PromqlFailure failure = failure(client);
            assertThat(failure.reason()).isEqualTo(Cause.GARBAGE);
            assertThat(failure.getMessage()).contains("resultType vector");
        }
    }

    @Test
    void anAnswerOverTheCeilingIsRefused() throws Exception {
        answer.set(body(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"));
        try (var client = new PromqlClient(base(), Duration.ofSeconds(5), 20)) {
            PromqlFailure failure = failure(client);

            assertThat(failure.reason()).isEqualTo(Cause.TOO_LARGE);
            assertThat(failure.getMessage()).contains("larger than 20 bytes");
        }
    }

    @Test
    void idleByHourReadsEachHourAtItsEnd() throws Exception {
        answer.set(exchange -> {
            String query = exchange.getRequestURI().getQuery();
            String value = query.contains("hours_with_data") ? "8" : query.contains("held_idle") ? "0.25" : "0.5";
            body(
                            200,
                            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":"
                                    + "{\"rack\":\"r1\",\"hall\":\"h1\"},\"values\":[[" + TO.getEpochSecond() + ",\""
                                    + value + "\"]]}]}}")
                    .send(exchange);
        });
        try (var client = new PromqlClient(base())) {
            List<IdleHourRow> rows = new IdleByHourQuery(client).read(IdleByHourQuery.By.RACK, FROM, TO);

            assertThat(rows).containsExactly(new IdleHourRow("r1", TO.minus(Duration.ofHours(1)), 0.5, 0.25, 8));
        }
    }
}

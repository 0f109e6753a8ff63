package io.headroom.client.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.headroom.client.alertmanager.AlertmanagerFailure.Cause;
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
class AlertmanagerClientTest {

    private HttpServer server;
    private final AtomicReference<Answer> answer = new AtomicReference<>();
    private final AtomicReference<String> posted = new AtomicReference<>();

    private interface Answer {
        void send(HttpExchange exchange) throws IOException;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            posted.set(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                            + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
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
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/am");
    }

    private static Answer body(int status, String text) {
        return exchange -> {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    private static AlertmanagerFailure failure(AlertmanagerClient client) {
        return catchThrowableOfType(AlertmanagerFailure.class, client::alerts);
    }

    @Test
    void readsAlertsWithTheirLabelsAndSilences() throws Exception {
        answer.set(body(200, """
                [{"annotations":{"summary":"GPU 3 fell off the bus"},"endsAt":"2026-12-06T04:00:00.000Z",
                  "fingerprint":"ab","receivers":[{"name":"chat"}],"startsAt":"2026-12-06T03:50:00.123Z",
                  "status":{"inhibitedBy":[],"silencedBy":["s1"],"state":"suppressed"},
                  "updatedAt":"2026-12-06T03:50:01Z","labels":{"alertname":"HeadroomGpuCriticalXid",
                  "hostname":"gpu-a01","rack":"r1","severity":"critical"}}]
                """));
        try (var client = new AlertmanagerClient(base())) {
            List<ActiveAlert> alerts = client.alerts();
            assertThat(alerts).hasSize(1);
            ActiveAlert alert = alerts.getFirst();
            assertThat(alert.name()).isEqualTo("HeadroomGpuCriticalXid");
            assertThat(alert.label("rack")).isEqualTo("r1");
            assertThat(alert.annotations()).containsEntry("summary", "GPU 3 fell off the bus");
            assertThat(alert.startsAt()).isEqualTo(Instant.parse("2026-12-06T03:50:00.123Z"));
            assertThat(alert.state()).isEqualTo("suppressed");
            assertThat(alert.silenced()).isTrue();
        }
        assertThat(posted.get()).startsWith("GET /am/api/v2/alerts");
    }

    @Test
    void readsSilencesAndCreatesOne() throws Exception {
        answer.set(body(200, """
                [{"id":"s1","status":{"state":"active"},"updatedAt":"2026-12-06T03:50:00Z","comment":"swap",
                  "createdBy":"ops","startsAt":"2026-12-06T03:50:00Z","endsAt":"2026-12-06T05:50:00Z",
                  "matchers":[{"name":"hostname","value":"gpu-a01","isRegex":false,"isEqual":true},
                              {"name":"rack","value":"r.*","isRegex":true}]}]
                """));
        try (var client = new AlertmanagerClient(base())) {
            Silence silence = client.silences().getFirst();
            assertThat(silence.id()).isEqualTo("s1");
            assertThat(silence.active()).isTrue();
            assertThat(silence.matchers())
                    .containsExactly(
                            SilenceMatcher.equal("hostname", "gpu-a01"), new SilenceMatcher("rack", "r.*", true, true));
            assertThat(silence.endsAt()).isEqualTo(Instant.parse("2026-12-06T05:50:00Z"));

            answer.set(body(200, "{\"silenceID\":\"new-id\"}"));
            String id = client.createSilence(new NewSilence(
                    List.of(SilenceMatcher.equal("uuid", "GPU-1")),
                    Instant.parse("2026-12-06T04:00:00Z"),
                    Instant.parse("2026-12-06T06:00:00Z"),
                    "ops",
                    "card swap"));
            assertThat(id).isEqualTo("new-id");
        }
        assertThat(posted.get())
                .startsWith("POST /am/api/v2/silences ")
                .contains("\"name\":\"uuid\"", "\"value\":\"GPU-1\"", "\"isEqual\":true", "\"isRegex\":false")
                .contains(
                        "\"startsAt\":\"2026-12-06T04:00:00Z\"", "\"createdBy\":\"ops\"", "\"comment\":\"card swap\"");
    }

    @Test
    void aRefusedSilenceSaysWhatAlertmanagerSaid() throws Exception {
        answer.set(body(400, "\"silence invalid: invalid label matcher 0: invalid label name \\\"\\\"\""));
        try (var client = new AlertmanagerClient(base())) {
            var failure = catchThrowableOfType(
                    AlertmanagerFailure.class,
                    () -> client.createSilence(new NewSilence(
                            List.of(SilenceMatcher.equal("x", "y")),
                            Instant.parse("2026-12-06T04:00:00Z"),
                            Instant.parse("2026-12-06T06:00:00Z"),
                            "ops",
                            "why")));
            assertThat(failure.reason()).isEqualTo(Cause.HTTP_ERROR);
            assertThat(failure.getMessage())
                    .startsWith(base() + "/api/v2/silences: HTTP 400: silence invalid: invalid label matcher 0");
        }
    }

    @Test
    void aSilenceWithoutMatchersOrBackwardsIsRefusedBeforeSending() {
        Instant now = Instant.parse("2026-12-06T04:00:00Z");
        assertThatThrownBy(() -> new NewSilence(List.of(), now, now.plusSeconds(60), "ops", "why"))
                .hasMessageContaining("at least one matcher");
        assertThatThrownBy(() -> new NewSilence(List.of(SilenceMatcher.equal("a", "b")), now, now, "ops", "why"))
                .hasMessageContaining("must end after it starts");
        assertThatThrownBy(() ->
                        new NewSilence(List.of(SilenceMatcher.equal("a", "b")), now, now.plusSeconds(1), "ops", " "))
                .hasMessageContaining("comment");
    }

    @Test
    void anErrorStatusIsNamedWithTheUrl() throws Exception {
        answer.set(body(503, "<html>bad gateway</html>"));
        try (var client = new AlertmanagerClient(base())) {
            var failure = failure(client);
            assertThat(failure.reason()).isEqualTo(Cause.HTTP_ERROR);
            assertThat(failure.getMessage()).isEqualTo(base() + "/api/v2/alerts: HTTP 503: <html>bad gateway</html>");
        }
    }

    @Test
    void garbageIsNamed() throws Exception {
        try (var client = new AlertmanagerClient(base())) {
            answer.set(body(200, "<html>login</html>"));
            assertThat(failure(client).reason()).isEqualTo(Cause.GARBAGE);
            answer.set(body(200, "{\"status\":\"success\"}"));
            var failure = failure(client);
            assertThat(failure.reason()).isEqualTo(Cause.GARBAGE);
            assertThat(failure.getMessage()).contains("/api/v2/alerts", "expected a JSON array of alerts");
            answer.set(
                    body(200, "[{\"labels\":{\"a\":\"b\"},\"status\":{\"state\":\"active\"},\"startsAt\":\"soon\"}]"));
            assertThat(failure(client).getMessage()).contains("startsAt is not a time: soon");
        }
    }

    @Test
    void aServerThatIsDownIsNamed() throws Exception {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI nobody = URI.create("http://127.0.0.1:" + port);
        try (var client = new AlertmanagerClient(nobody, Duration.ofSeconds(2), 1024)) {
            var failure = failure(client);
            assertThat(failure.reason()).isEqualTo(Cause.DOWN);
            assertThat(failure.getMessage()).startsWith(nobody + "/api/v2/alerts: nothing answers there");
        }
    }

    @Test
    void aSlowServerTimesOutEvenWhenItTricklesTheBody() throws Exception {
        answer.set(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                for (int i = 0; i < 50; i++) {
                    out.write('[');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (InterruptedException | IOException stopped) {
                // the client hung up
            }
        });
        try (var client = new AlertmanagerClient(base(), Duration.ofMillis(500), 1024)) {
            long start = System.nanoTime();
            var failure = failure(client);
            assertThat(failure.reason()).isEqualTo(Cause.TIMEOUT);
            assertThat(failure.getMessage()).contains("/api/v2/alerts", "no complete answer within 500 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void anAnswerOverTheLimitIsRefused() throws Exception {
        answer.set(body(200, "[" + "{},".repeat(1000) + "{}]"));
        try (var client = new AlertmanagerClient(base(), Duration.ofSeconds(5), 1024)) {
            var failure = failure(client);
            assertThat(failure.reason()).isEqualTo(Cause.TOO_LARGE);
            assertThat(failure.getMessage()).contains("larger than 1024 bytes");
        }
    }

    @Test
    void onlyHttpUrls() {
        assertThatThrownBy(() -> new AlertmanagerClient(URI.create("ftp://am:9093")))
                .hasMessage("Alertmanager must be an http:// or https:// URL, was ftp://am:9093");
    }
}

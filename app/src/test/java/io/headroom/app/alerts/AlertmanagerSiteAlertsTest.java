package io.headroom.app.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.headroom.client.alertmanager.AlertmanagerClient;
import io.headroom.views.alerts.SiteAlerts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the Alerts page gets from Alertmanager's API v2 answers, over a loopback server speaking them. */
class AlertmanagerSiteAlertsTest {

    private HttpServer server;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final AtomicReference<String> posted = new AtomicReference<>();
    private int status = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                if ("POST".equals(exchange.getRequestMethod())) {
                    posted.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                }
                byte[] body = answers.getOrDefault(
                                exchange.getRequestMethod() + " "
                                        + exchange.getRequestURI().getPath(),
                                "")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private AlertmanagerSiteAlerts site() {
        return new AlertmanagerSiteAlerts(
                new AlertmanagerClient(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                        Duration.ofSeconds(5),
                        1 << 20),
                "ops");
    }

    @Test
    void loudCriticalAlertsFirstAndOnlyActiveSilences() throws Exception {
        answers.put("GET /api/v2/alerts", """
                [{"labels":{"alertname":"HeadroomGpuHeldIdle","severity":"info","hostname":"n1","gpu":"0","rack":"r1"},
                  "annotations":{"summary":"idle"},"startsAt":"2026-12-06T01:00:00Z","status":{"state":"active","silencedBy":[]}},
                 {"labels":{"alertname":"HeadroomGpuCriticalXid","severity":"critical","hostname":"n2","gpu":"3","rack":"r2"},
                  "annotations":{"summary":"XID 79"},"startsAt":"2026-12-06T02:00:00Z","status":{"state":"suppressed","silencedBy":["s1"]}},
                 {"labels":{"alertname":"HeadroomGpuCriticalXid","severity":"critical","hostname":"n3","gpu":"1","rack":"r2"},
                  "annotations":{"summary":"XID 48"},"startsAt":"2026-12-06T03:00:00Z","status":{"state":"active","silencedBy":[]}},
                 {"labels":{"alertname":"HeadroomAgentDown","severity":"critical","instance":"10.0.0.9:9400"},
                  "startsAt":"2026-12-06T00:00:00Z","status":{"state":"active"}}]
                """);
        answers.put("GET /api/v2/silences", """
                [{"id":"s1","status":{"state":"active"},"createdBy":"ops","comment":"swap","startsAt":"2026-12-06T02:00:00Z",
                  "endsAt":"2026-12-06T06:00:00Z","matchers":[{"name":"uuid","value":"GPU-1","isRegex":false,"isEqual":true}]},
                 {"id":"s0","status":{"state":"expired"},"createdBy":"ops","comment":"old","startsAt":"2026-12-05T02:00:00Z",
                  "endsAt":"2026-12-05T06:00:00Z","matchers":[{"name":"rack","value":"r9","isRegex":false,"isEqual":true}]}]
                """);
        SiteAlerts.Reading reading = site().read();
        assertThat(reading.failure()).isNull();
        assertThat(reading.alerts())
                .extracting(SiteAlerts.Alert::where)
                .containsExactly("n3 GPU 1 · r2", "10.0.0.9:9400", "n1 GPU 0 · r1", "n2 GPU 3 · r2");
        assertThat(reading.alerts().getLast().silenced()).isTrue();
        assertThat(reading.alerts().getFirst().summary()).isEqualTo("XID 48");
        assertThat(reading.silences()).hasSize(1);
        assertThat(reading.silences().getFirst().matchers()).isEqualTo("uuid=\"GPU-1\"");
    }

    @Test
    void aFailureIsAReadingThatNamesIt() throws Exception {
        status = 503;
        SiteAlerts.Reading reading = site().read();
        assertThat(reading.alerts()).isEmpty();
        assertThat(reading.failure()).contains("/api/v2/alerts: HTTP 503");
    }

    @Test
    void aSilenceIsMadeAsTheOperatorWithTheIncidentsLabels() throws Exception {
        answers.put("POST /api/v2/silences", "{\"silenceID\":\"abc\"}");
        Map<String, String> matchers = new LinkedHashMap<>();
        matchers.put("hostname", "n2");
        matchers.put("uuid", "GPU-1");
        String id = site().silence(matchers, Instant.now().plus(Duration.ofHours(2)), "Silenced from Headroom");
        assertThat(id).isEqualTo("abc");
        assertThat(posted.get())
                .contains("\"name\":\"hostname\"", "\"value\":\"n2\"", "\"value\":\"GPU-1\"", "\"createdBy\":\"ops\"");

        status = 400;
        answers.put("POST /api/v2/silences", "\"silence invalid\"");
        assertThatThrownBy(() -> site().silence(matchers, Instant.now().plusSeconds(60), "why"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/api/v2/silences: HTTP 400: silence invalid");
    }
}

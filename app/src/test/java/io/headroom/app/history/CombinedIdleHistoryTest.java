package io.headroom.app.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.headroom.client.promql.PromqlClient;
import io.headroom.client.promql.PromqlFailure;
import io.headroom.views.history.Grouping;
import io.headroom.views.history.IdleHistory;
import io.headroom.views.history.IdleHour;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Idle by hour from the local store and a site's TSDB together, and what the page says when one cannot answer. */
class CombinedIdleHistoryTest {

    private static final Instant FROM = Instant.parse("2026-12-05T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-12-05T03:00:00Z");
    private static final IdleHour STORE_0 = new IdleHour("r1", FROM, 0.1, 0.0, 64);
    private static final IdleHour STORE_1 = new IdleHour("r1", FROM.plusSeconds(3600), 0.2, 0.1, 64);
    private static final IdleHistory STORE = (by, from, to) -> List.of(STORE_0, STORE_1);

    @Test
    void theTsdbsHourWinsAndTheStoreFillsTheRest() throws Exception {
        // The TSDB has r1's second hour (read at its end, 02:00) and r2's.
        String answer = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{\"rack\":\"r1\"},\"values\":[["
                + FROM.plusSeconds(7200).getEpochSecond() + ",\"%s\"]]},"
                + "{\"metric\":{\"rack\":\"r2\"},\"values\":[["
                + FROM.plusSeconds(7200).getEpochSecond() + ",\"%s\"]]}]}}";
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            String value = query.contains("hours_with_data") ? "60" : query.contains("held_idle") ? "0.25" : "0.5";
            byte[] body = answer.formatted(value, value).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (exchange) {
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        try (var client = new PromqlClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()))) {
            var history = new CombinedIdleHistory(STORE, new TsdbIdleHistory(client));

            IdleHistory.Reading reading = history.read(Grouping.RACK, FROM, TO);

            assertThat(reading.shortfall()).isNull();
            assertThat(reading.hours())
                    .containsExactlyInAnyOrder(
                            STORE_0,
                            new IdleHour("r1", FROM.plusSeconds(3600), 0.5, 0.25, 60),
                            new IdleHour("r2", FROM.plusSeconds(3600), 0.5, 0.25, 60));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aTsdbThatIsDownLeavesTheStoresHoursAndIsNamed() throws Exception {
        int closed;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        try (var client = new PromqlClient(
                URI.create("http://127.0.0.1:" + closed), Duration.ofSeconds(2), PromqlClient.DEFAULT_MAX_BYTES)) {
            var history = new CombinedIdleHistory(STORE, new TsdbIdleHistory(client));

            IdleHistory.Reading reading = history.read(Grouping.RACK, FROM, TO);

            assertThat(reading.hours()).containsExactly(STORE_0, STORE_1);
            assertThat(reading.shortfall())
                    .startsWith("TSDB http://127.0.0.1:" + closed + "/api/v1/query_range")
                    .contains("connection refused");
        }
    }

    @Test
    void aStoreThatCannotBeReadLeavesTheTsdbsHours() throws Exception {
        IdleHour fromTsdb = new IdleHour("r9", FROM, 0.3, 0.2, 8);
        IdleHistory brokenStore = (by, from, to) -> {
            throw new java.sql.SQLException("the profile's database is locked");
        };
        var history = new CombinedIdleHistory(brokenStore, (by, from, to) -> List.of(fromTsdb));

        IdleHistory.Reading reading = history.read(Grouping.RACK, FROM, TO);

        assertThat(reading.hours()).containsExactly(fromTsdb);
        assertThat(reading.shortfall()).contains("local store", "database is locked");
    }

    @Test
    void whenNeitherAnswersTheReadFailsWithTheTsdbsReason() {
        IdleHistory brokenStore = (by, from, to) -> {
            throw new java.sql.SQLException("locked");
        };
        IdleHistory downTsdb = (by, from, to) -> {
            throw new IllegalStateException("http://tsdb:9090/api/v1/query_range: nothing answers there");
        };
        assertThatThrownBy(() -> new CombinedIdleHistory(brokenStore, downTsdb).read(Grouping.RACK, FROM, TO))
                .hasMessageContaining("nothing answers there");
        assertThat(PromqlFailure.Cause.DOWN).isNotNull();
    }
}

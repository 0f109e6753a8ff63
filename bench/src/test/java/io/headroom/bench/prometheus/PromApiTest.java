package io.headroom.bench.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Prometheus's HTTP API answers, as its documentation shows them, read by the benchmark's client. */
class PromApiTest {

    private final AtomicReference<String> answer = new AtomicReference<>();
    private final AtomicReference<String> asked = new AtomicReference<>();
    private HttpServer server;
    private PromApi api;

    private PromApi serving(int status, String json) throws IOException {
        answer.set(json);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/query", exchange -> {
            asked.set(exchange.getRequestURI().getRawQuery());
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        api = new PromApi(server.getAddress().getPort());
        return api;
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void readsEverySeriesOfAnInstantVectorWithItsLabelsAndValue() throws Exception {
        serving(200, """
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"__name__":"DCGM_FI_DEV_GPU_UTIL","UUID":"GPU-a","Hostname":"n1"},"value":[1700000000.5,"87"]},
                  {"metric":{"__name__":"DCGM_FI_DEV_GPU_UTIL","UUID":"GPU-b","Hostname":"n1"},"value":[1700000000.5,"+Inf"]},
                  {"metric":{},"value":[1700000000.5,"NaN"]}
                ]}}""");
        List<String> seen = new ArrayList<>();
        long series = api.query(
                "DCGM_FI_DEV_GPU_UTIL",
                1_700_000_000_500L,
                Duration.ofSeconds(5),
                (labels, value) -> seen.add(labels.get("UUID") + "=" + value));

        assertThat(series).isEqualTo(3);
        assertThat(seen).containsExactly("GPU-a=87.0", "GPU-b=Infinity", "null=NaN");
        assertThat(asked.get()).contains("query=DCGM_FI_DEV_GPU_UTIL", "time=1700000000.500");
    }

    @Test
    void aRefusedQueryIsReportedWithPrometheusOwnReason() throws Exception {
        serving(400, """
                {"status":"error","errorType":"bad_data","error":"1:1: parse error: unexpected end of input"}""");
        assertThatThrownBy(() -> api.query("(", 0, Duration.ofSeconds(5), (labels, value) -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refused (")
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("unexpected end of input");
    }

    @Test
    void aScalarIsTheSumOfTheVectorAndNaNWhenEmpty() throws Exception {
        serving(200, """
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"1564"]}]}}""");
        assertThat(api.scalar("count(up)", 0)).isEqualTo(1564.0);
        answer.set("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        assertThat(api.scalar("count(up == 1)", 0)).isNaN();
    }

    @Test
    void ownMetricsAreSummedOverTheirLabels() {
        Map<String, Double> own = Map.of(
                "prometheus_tsdb_head_samples_appended_total{type=\"float\"}",
                10.0,
                "prometheus_tsdb_head_samples_appended_total{type=\"histogram\"}",
                2.0,
                "prometheus_tsdb_head_series",
                5.0);
        assertThat(PromApi.sum(own, "prometheus_tsdb_head_samples_appended_total"))
                .isEqualTo(12.0);
        assertThat(PromApi.sum(own, "prometheus_tsdb_head_series")).isEqualTo(5.0);
        assertThat(PromApi.sum(own, "prometheus_tsdb_head")).isNaN();
    }
}

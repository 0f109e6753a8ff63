package io.headroom.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.reclaim.SendCounts;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Hall;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Site;
import io.headroom.core.fleet.Vendor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What /metrics says about a GPU whose memory total no source has reported. */
class AgentMetricsTest {

    @Test
    void aMemoryTotalNoSourceHasReportedIsAbsentNotZeroBytes() throws Exception {
        // A dcgm-exporter page without FB_FREE/FB_USED for a GPU leaves its total at 0 ("never reported").
        var known = new Accelerator("GPU-known", Vendor.NVIDIA, "Tesla T4", 15_360, 0, false, List.of());
        var unknown = new Accelerator("GPU-unknown", Vendor.NVIDIA, "Tesla T4", 0, 1, false, List.of());
        var node = new Node(
                "gpu-01", "S1", "H1-A01", 1, 2, "default", "", SchedulerState.IDLE, 1, 1000, List.of(known, unknown));
        var inventory = new Inventory(
                "test",
                1,
                List.of(new Site("s", "S")),
                List.of(new Hall("h", "s", "H")),
                List.of(new Rack("H1-A01", "h", "A", 1, 42, 40)),
                List.of(node));
        FleetTelemetry table = new FleetState(IdleThresholds.DEFAULTS).install(inventory);
        var sample = new SampleBuffer();
        sample.timeMillis = 1_000;
        sample.powerW = 70;
        table.writeAccelerator(0, sample);
        table.writeAccelerator(1, sample);

        try (var metrics = new AgentMetrics(() -> table, List.of(), null)) {
            int port = metrics.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String text = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();

            assertThat(text)
                    .containsPattern(
                            "headroom_gpu_memory_total_bytes\\{[^}]*uuid=\"GPU-known\"[^}]*} 1\\.610612736E10");
            assertThat(text).doesNotContainPattern("headroom_gpu_memory_total_bytes\\{[^}]*uuid=\"GPU-unknown\"");
            // The GPU itself is there: its power was measured.
            assertThat(text).containsPattern("headroom_gpu_power_watts\\{[^}]*uuid=\"GPU-unknown\"[^}]*} 70");
        }
    }

    @Test
    void webhookSendsAreCountedByWebhookOutcomeAndReason() throws Exception {
        var inventory = new Inventory("test", 1, List.of(), List.of(), List.of(), List.of());
        FleetTelemetry table = new FleetState(IdleThresholds.DEFAULTS).install(inventory);
        var counts = new SendCounts();
        counts.count("ops-wecom", true, "ok");
        counts.count("ops-wecom", true, "ok");
        counts.count("ops-dingtalk", false, "refused");

        try (var metrics = new AgentMetrics(() -> table, List.of(), null)) {
            metrics.webhookSends(counts);
            int port = metrics.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String text = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();

            assertThat(text)
                    .contains(
                            "headroom_agent_webhook_sends_total{outcome=\"sent\",reason=\"ok\",webhook=\"ops-wecom\"} 2")
                    .contains("headroom_agent_webhook_sends_total{outcome=\"failed\",reason=\"refused\","
                            + "webhook=\"ops-dingtalk\"} 1");
        }
    }
}

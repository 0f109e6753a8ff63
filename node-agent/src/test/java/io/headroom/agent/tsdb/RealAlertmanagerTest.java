package io.headroom.agent.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.client.alertmanager.ActiveAlert;
import io.headroom.client.alertmanager.AlertmanagerClient;
import io.headroom.client.alertmanager.NewSilence;
import io.headroom.client.alertmanager.Silence;
import io.headroom.client.alertmanager.SilenceMatcher;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus (2.42) with the repository's alerting rules ({@code for: 5m} shortened to 2 s), sending to
 * Debian's Alertmanager (0.25), which groups by alertname and rack and posts to a webhook receiver in this test;
 * both started by the test over a simulated fleet's {@code /metrics} into which the test strikes faults: XID 79 on
 * three GPUs in two racks, and a hot inlet on one rack. The receiver must get one notification per alert name and
 * rack, with each GPU's labels; then (after, since a silenced alert leaves its group's notifications) a silence is
 * made through the console's client, read back, and seen holding its GPU's alert quiet.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealAlertmanagerTest {

    private static final FleetShape SHAPE = new FleetShape(1, 3, 2, 8);
    private static final Set<Integer> CRITICAL_XIDS = Set.of(48, 63, 64, 74, 79, 92, 94, 95);
    private static final Duration NOTIFIED_WITHIN = Duration.ofSeconds(40);

    @TempDir
    static Path dir;

    private static SimulatedFleetPage fleet;
    private static HttpServer receiver;
    private static final ConcurrentLinkedQueue<JsonObject> notifications = new ConcurrentLinkedQueue<>();
    private static final List<TsdbProcess> started = new ArrayList<>();
    private static TsdbProcess alertmanager;
    private static final List<SimulatedFleetPage.Gpu> struck = new ArrayList<>();

    @BeforeAll
    static void strikeFaultsAndStartTheServers() throws Exception {
        fleet = new SimulatedFleetPage(SHAPE, 19);
        // Two healthy GPUs of one rack and one of another fall off the bus; node 0's rack runs hot.
        Map<String, List<SimulatedFleetPage.Gpu>> byRack = new TreeMap<>();
        for (var gpu : fleet.gpus()) {
            byRack.computeIfAbsent(gpu.rack(), r -> new ArrayList<>()).add(gpu);
        }
        var racks = new ArrayList<>(byRack.values());
        struck.add(racks.get(0).get(0));
        struck.add(racks.get(0).get(racks.get(0).size() - 1));
        struck.add(racks.get(1).get(3));
        for (var gpu : struck) {
            fleet.strikeXid(gpu, 79);
        }
        fleet.rackInlet(35.5f);

        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                notifications.add(JsonParser.parseString(body).getAsJsonObject());
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();

        Path alertmanagerProgram = TsdbTools.find("prometheus-alertmanager");
        Path prometheusProgram = TsdbTools.find("prometheus");
        if (alertmanagerProgram != null && prometheusProgram != null) {
            alertmanager = startAlertmanager(alertmanagerProgram);
            startPrometheus(prometheusProgram);
        }
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        for (TsdbProcess process : started.reversed()) {
            process.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    @Order(1)
    void theReceiverGetsEachFaultGroupedByAlertAndRackWithTheGpusLabels() throws Exception {
        requireBoth();
        // What the page serves: every GPU with a critical XID (the struck ones and any the simulator had), by rack.
        Map<String, Set<String>> xidByRack = new TreeMap<>();
        for (var s : fleet.scrape()) {
            if (s.name().equals("headroom_gpu_last_xid")
                    && s.labels().getOrDefault("gpu_instance", "").isEmpty()
                    && CRITICAL_XIDS.contains((int) s.value())) {
                xidByRack
                        .computeIfAbsent(s.labels().get("rack"), r -> new TreeSet<>())
                        .add(s.labels().get("uuid"));
            }
        }
        for (var gpu : struck) {
            assertThat(xidByRack.get(gpu.rack())).as("served XIDs").contains(gpu.uuid());
        }
        List<String> hot = fleet.bmcRack();

        // The last notification of each group (alertname, rack): Alertmanager sends the whole group each time.
        Map<String, JsonObject> latest = new TreeMap<>();
        long deadline = System.nanoTime() + NOTIFIED_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            latest.clear();
            for (JsonObject n : notifications) {
                JsonObject group = n.getAsJsonObject("groupLabels");
                latest.put(text(group, "alertname") + "/" + text(group, "rack"), n);
            }
            if (uuidsByRack(latest, "HeadroomGpuCriticalXid").equals(xidByRack)
                    && latest.containsKey("HeadroomRackInletHot/" + hot.get(0))) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(uuidsByRack(latest, "HeadroomGpuCriticalXid"))
                .as("GPUs with a critical XID, by rack, from %s:%n%s", alertmanager, alertmanager.log())
                .isEqualTo(xidByRack);

        for (JsonObject n : latest.values()) {
            // Grouped by exactly alertname and rack, every alert of the group sharing them.
            JsonObject group = n.getAsJsonObject("groupLabels");
            assertThat(group.keySet()).containsExactlyInAnyOrder("alertname", "rack");
            assertThat(n.get("receiver").getAsString()).isEqualTo("headroom-test");
            for (JsonObject alert : alerts(n)) {
                JsonObject labels = alert.getAsJsonObject("labels");
                assertThat(text(labels, "alertname")).isEqualTo(text(group, "alertname"));
                assertThat(text(labels, "rack")).isEqualTo(text(group, "rack"));
                assertThat(alert.get("status").getAsString()).isEqualTo("firing");
            }
        }
        // Each XID alert carries the GPU's labels as its series had them, critical, and a summary naming it.
        for (var gpu : struck) {
            JsonObject alert = alerts(latest.get("HeadroomGpuCriticalXid/" + gpu.rack())).stream()
                    .filter(a -> gpu.uuid().equals(text(a.getAsJsonObject("labels"), "uuid")))
                    .findFirst()
                    .orElseThrow();
            JsonObject labels = alert.getAsJsonObject("labels");
            assertThat(text(labels, "hostname")).isEqualTo(gpu.hostname());
            assertThat(text(labels, "hall")).isEqualTo(gpu.hall());
            assertThat(text(labels, "gpu")).isEqualTo(gpu.gpu());
            assertThat(text(labels, "severity")).isEqualTo("critical");
            assertThat(labels.has("gpu_instance"))
                    .as("empty labels are dropped")
                    .isFalse();
            assertThat(text(alert.getAsJsonObject("annotations"), "summary"))
                    .isEqualTo("GPU " + gpu.gpu() + " on " + gpu.hostname() + " (rack " + gpu.rack()
                            + ") reported critical XID 79: it needs a reset or a technician");
        }
        // The hot rack: one alert, warning, with its hall.
        List<JsonObject> inlet = alerts(latest.get("HeadroomRackInletHot/" + hot.get(0)));
        assertThat(inlet).hasSize(1);
        JsonObject labels = inlet.getFirst().getAsJsonObject("labels");
        assertThat(text(labels, "hall")).isEqualTo(hot.get(1));
        assertThat(text(labels, "hostname")).isEqualTo(hot.get(2));
        assertThat(text(labels, "severity")).isEqualTo("warning");
        assertThat(text(inlet.getFirst().getAsJsonObject("annotations"), "summary"))
                .startsWith("Rack " + hot.get(0) + " in " + hot.get(1) + ": inlet air at 35.5 °C");
        // Only the hot rack: the others have no BMC reading on this page.
        assertThat(latest.keySet().stream().filter(k -> k.startsWith("HeadroomRackInletHot/")))
                .containsExactly("HeadroomRackInletHot/" + hot.get(0));
    }

    @Test
    @Order(2)
    void aSilenceMadeThroughTheClientHoldsTheGpusAlertQuiet() throws Exception {
        requireBoth();
        var gpu = struck.getFirst();
        try (var client = new AlertmanagerClient(alertmanager.url("/"), Duration.ofSeconds(5), 1 << 20)) {
            // Wait for the alert to reach Alertmanager.
            long deadline = System.nanoTime() + NOTIFIED_WITHIN.toNanos();
            while (System.nanoTime() < deadline && xidAlert(client, gpu) == null) {
                Thread.sleep(200);
            }
            ActiveAlert before = xidAlert(client, gpu);
            assertThat(before)
                    .as("XID alert of %s in Alertmanager:%n%s", gpu, alertmanager.log())
                    .isNotNull();
            assertThat(before.label("hostname")).isEqualTo(gpu.hostname());
            assertThat(before.silenced()).isFalse();

            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String id = client.createSilence(new NewSilence(
                    List.of(SilenceMatcher.equal("hostname", gpu.hostname()), SilenceMatcher.equal("uuid", gpu.uuid())),
                    now.minusSeconds(1),
                    now.plus(Duration.ofHours(2)),
                    "headroom-test",
                    "card swap on " + gpu.hostname()));
            assertThat(id).isNotBlank();

            Silence read = client.silences().stream()
                    .filter(s -> s.id().equals(id))
                    .findFirst()
                    .orElseThrow();
            assertThat(read.active()).isTrue();
            assertThat(read.matchers())
                    .containsExactlyInAnyOrder(
                            SilenceMatcher.equal("hostname", gpu.hostname()), SilenceMatcher.equal("uuid", gpu.uuid()));
            assertThat(read.createdBy()).isEqualTo("headroom-test");
            assertThat(read.comment()).isEqualTo("card swap on " + gpu.hostname());
            // A start in the past becomes the moment Alertmanager took the silence.
            assertThat(read.startsAt()).isBetween(now.minusSeconds(1), Instant.now());
            assertThat(read.endsAt()).isEqualTo(now.plus(Duration.ofHours(2)));

            // Alertmanager marks the alert silenced by it; the other struck GPUs stay loud.
            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && !xidAlert(client, gpu).silenced()) {
                Thread.sleep(200);
            }
            ActiveAlert after = xidAlert(client, gpu);
            assertThat(after.silencedBy()).containsExactly(id);
            assertThat(after.state()).isEqualTo("suppressed");
            assertThat(xidAlert(client, struck.getLast()).silenced()).isFalse();
        }
    }

    private static void requireBoth() {
        TsdbTools.require("prometheus", "prometheus");
        TsdbTools.require("prometheus-alertmanager", "prometheus-alertmanager");
        assertThat(alertmanager).as("started with the class").isNotNull();
    }

    private static ActiveAlert xidAlert(AlertmanagerClient client, SimulatedFleetPage.Gpu gpu) throws Exception {
        return client.alerts().stream()
                .filter(a -> a.name().equals("HeadroomGpuCriticalXid")
                        && a.label("uuid").equals(gpu.uuid()))
                .findFirst()
                .orElse(null);
    }

    private static Map<String, Set<String>> uuidsByRack(Map<String, JsonObject> latest, String alertname) {
        Map<String, Set<String>> byRack = new TreeMap<>();
        latest.forEach((key, n) -> {
            if (key.startsWith(alertname + "/")) {
                for (JsonObject alert : alerts(n)) {
                    JsonObject labels = alert.getAsJsonObject("labels");
                    byRack.computeIfAbsent(text(labels, "rack"), r -> new TreeSet<>())
                            .add(text(labels, "uuid"));
                }
            }
        });
        return byRack;
    }

    private static List<JsonObject> alerts(JsonObject notification) {
        List<JsonObject> alerts = new ArrayList<>();
        for (JsonElement e : notification.getAsJsonArray("alerts")) {
            alerts.add(e.getAsJsonObject());
        }
        return alerts;
    }

    private static String text(JsonObject o, String field) {
        return o.has(field) ? o.get(field).getAsString() : "";
    }

    private static TsdbProcess startAlertmanager(Path program) throws Exception {
        Path home = Files.createDirectories(dir.resolve("alertmanager"));
        Files.writeString(home.resolve("alertmanager.yml"), """
                route:
                  receiver: headroom-test
                  group_by: [alertname, rack]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: headroom-test
                    webhook_configs:
                      - url: http://127.0.0.1:%d/hook
                """.formatted(
                        receiver.getAddress().getPort()));
        int port = TsdbProcess.freePort();
        return keep(TsdbProcess.start(
                "alertmanager",
                List.of(
                        program.toString(),
                        "--config.file=alertmanager.yml",
                        "--storage.path=data",
                        "--web.listen-address=127.0.0.1:" + port,
                        // One instance: no gossip port to open.
                        "--cluster.listen-address="),
                home,
                port,
                "/-/ready"));
    }

    private static void startPrometheus(Path program) throws Exception {
        Path home = Files.createDirectories(dir.resolve("prometheus"));
        Files.writeString(home.resolve("headroom-alerts.rules.yml"), shortened());
        Files.writeString(home.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [headroom-alerts.rules.yml]
                alerting:
                  alertmanagers:
                    - static_configs: [{targets: ['127.0.0.1:%d']}]
                scrape_configs:
                  - job_name: headroom
                    static_configs: [{targets: ['%s']}]
                """.formatted(alertmanager.port(), fleet.target()));
        int port = TsdbProcess.freePort();
        keep(TsdbProcess.start(
                "prometheus",
                List.of(
                        program.toString(),
                        "--config.file=prometheus.yml",
                        "--storage.tsdb.path=data",
                        "--rules.alert.resend-delay=1s",
                        "--web.listen-address=127.0.0.1:" + port),
                home,
                port,
                "/-/ready"));
    }

    private static TsdbProcess keep(TsdbProcess process) {
        started.add(process);
        return process;
    }

    /** The repository's alerting rules, with the five minutes a fault or a hot rack must last cut to 2 s. */
    private static String shortened() throws Exception {
        String rules = Files.readString(TsdbTools.DEPLOY.resolve("headroom-alerts.rules.yml"));
        assertThat(rules).contains("for: 5m");
        return rules.replace("for: 5m", "for: 2s");
    }
}

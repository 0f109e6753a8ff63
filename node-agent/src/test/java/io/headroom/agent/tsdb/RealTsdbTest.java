package io.headroom.agent.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.agent.simulator.FleetShape;
import io.headroom.client.promql.IdleByHourQuery;
import io.headroom.client.promql.IdleHourRow;
import io.headroom.client.promql.PromqlClient;
import io.headroom.client.promql.PromqlFailure;
import io.headroom.client.promql.RangeSeries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus (2.42) and VictoriaMetrics (1.79, with its vmalert for the rules) started by the test,
 * scraping a simulated fleet's {@code /metrics} every second, the repository's recording rules loaded (their
 * evaluation interval shortened to 1 s so the test need not wait a minute); then read back through the console's
 * PromQL client, raw series and recorded ones, and compared with what the simulator served.
 */
class RealTsdbTest {

    private static final FleetShape SHAPE = new FleetShape(1, 3, 2, 8);
    // vmalert reads what the TSDB has taken in: each stage of the rules (scrape, GPUs by state, hours, shares)
    // becomes visible to the next some seconds after it is written.
    private static final Duration ROLLED_UP_WITHIN = Duration.ofSeconds(50);

    @TempDir
    static Path dir;

    private static SimulatedFleetPage fleet;
    private static List<SimulatedFleetPage.Sample> served;
    private static final List<TsdbProcess> started = new java.util.ArrayList<>();
    private static TsdbProcess prometheus;
    private static TsdbProcess victoria;

    /** Both servers start at once and scrape while the other is checked: the test waits for the slower once. */
    @BeforeAll
    static void serveAFleetAndStartTheServers() throws Exception {
        fleet = new SimulatedFleetPage(SHAPE, 19);
        served = fleet.scrape();
        Files.writeString(dir.resolve("headroom-recording.rules.yml"), everySecond());
        if (TsdbTools.find("prometheus") != null) {
            prometheus = startPrometheus(TsdbTools.find("prometheus"));
        }
        if (TsdbTools.find("victoria-metrics") != null && TsdbTools.find("vmalert") != null) {
            victoria = startVictoriaMetrics(TsdbTools.find("victoria-metrics"), TsdbTools.find("vmalert"));
        }
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        for (TsdbProcess process : started) {
            process.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void prometheusKeepsWhatTheFleetServedAndRollsItUp() throws Exception {
        TsdbTools.require("prometheus", "prometheus");
        checkAgainstTheFleet(prometheus, prometheus);
    }

    @Test
    void victoriaMetricsKeepsWhatTheFleetServedAndRollsItUp() throws Exception {
        TsdbTools.require("victoria-metrics", "victoria-metrics");
        TsdbTools.require("vmalert", "victoria-metrics");
        checkAgainstTheFleet(victoria, started.getLast());
    }

    private static TsdbProcess startPrometheus(Path program) throws Exception {
        Path home = Files.createDirectories(dir.resolve("prometheus"));
        Files.copy(dir.resolve("headroom-recording.rules.yml"), home.resolve("headroom-recording.rules.yml"));
        Files.writeString(home.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [headroom-recording.rules.yml]
                scrape_configs:
                  - job_name: headroom
                    static_configs: [{targets: ['%s']}]
                """.formatted(fleet.target()));
        int port = TsdbProcess.freePort();
        return keep(TsdbProcess.start(
                "prometheus",
                List.of(
                        program.toString(),
                        "--config.file=prometheus.yml",
                        "--storage.tsdb.path=data",
                        "--web.listen-address=127.0.0.1:" + port),
                home,
                port,
                "/-/ready"));
    }

    private static TsdbProcess startVictoriaMetrics(Path program, Path vmalert) throws Exception {
        Path home = Files.createDirectories(dir.resolve("victoria-metrics"));
        Files.copy(dir.resolve("headroom-recording.rules.yml"), home.resolve("headroom-recording.rules.yml"));
        Files.writeString(home.resolve("scrape.yml"), """
                scrape_configs:
                  - job_name: headroom
                    scrape_interval: 1s
                    static_configs: [{targets: ['%s']}]
                """.formatted(fleet.target()));
        int port = TsdbProcess.freePort();
        TsdbProcess server = keep(TsdbProcess.start(
                "victoria-metrics",
                List.of(
                        program.toString(),
                        "-storageDataPath=data",
                        "-httpListenAddr=127.0.0.1:" + port,
                        "-promscrape.config=scrape.yml",
                        // Points become visible to queries 30 s after they arrive by default.
                        "-search.latencyOffset=1s",
                        "-search.disableCache"),
                home,
                port,
                "/health"));
        int alertPort = TsdbProcess.freePort();
        keep(TsdbProcess.start(
                "vmalert",
                List.of(
                        vmalert.toString(),
                        "-rule=headroom-recording.rules.yml",
                        "-datasource.url=http://127.0.0.1:" + port,
                        "-remoteWrite.url=http://127.0.0.1:" + port,
                        "-remoteWrite.flushInterval=1s",
                        "-evaluationInterval=1s",
                        "-httpListenAddr=127.0.0.1:" + alertPort),
                home,
                alertPort,
                "/health"));
        return server;
    }

    private static TsdbProcess keep(TsdbProcess process) {
        started.add(process);
        return process;
    }

    /** The repository's rules, evaluated every second rather than every minute. */
    private static String everySecond() throws Exception {
        String rules = Files.readString(TsdbTools.DEPLOY.resolve("headroom-recording.rules.yml"));
        assertThat(rules).contains("interval: 1m");
        return rules.replace("interval: 1m", "interval: 1s");
    }

    private static void checkAgainstTheFleet(TsdbProcess server, TsdbProcess rules) throws Exception {
        assertThat(server).as("started with the class").isNotNull();
        Map<String, Map<String, Integer>> expected = statesByRack();
        assertThat(expected).as("racks on the page").hasSize(SHAPE.racks());
        // A page of only stale GPUs would make every share empty and the comparison hollow.
        assertThat(expected.values().stream()
                        .mapToInt(r -> r.get("busy") + r.get("held_idle") + r.get("free_idle"))
                        .sum())
                .as("live GPUs on the page")
                .isPositive();
        try (var client = new PromqlClient(server.url("/"), Duration.ofSeconds(10), PromqlClient.DEFAULT_MAX_BYTES)) {
            // Wait (bounded) until the rules have run over what was scraped, up to the shares.
            Map<String, Map<String, Double>> rolledUp = Map.of();
            List<IdleHourRow> rows = List.of();
            long deadline = System.nanoTime() + ROLLED_UP_WITHIN.toNanos();
            while (System.nanoTime() < deadline) {
                rolledUp = latestByRackAndState(client, "rack:headroom_gpu_hours:1h");
                Instant end = ago(2);
                rows = new IdleByHourQuery(client).read(IdleByHourQuery.By.RACK, end.minus(Duration.ofHours(1)), end);
                if (rolledUp.size() == SHAPE.racks()
                        && rolledUp.values().stream().allMatch(s -> s.size() == 6)
                        && rows.size() == SHAPE.racks()) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(rolledUp)
                    .as("rack:headroom_gpu_hours:1h from %s:%n%s", server, rules.log())
                    .hasSize(SHAPE.racks());

            // Recorded: GPU-hours by rack and state are the served counts (the page never changes).
            for (var rack : expected.entrySet()) {
                for (var state : rack.getValue().entrySet()) {
                    assertThat(rolledUp.get(rack.getKey()).get(state.getKey()))
                            .as("%s %s GPU-hours", rack.getKey(), state.getKey())
                            .isCloseTo(state.getValue(), within(1e-9));
                }
            }
            // Raw: each GPU in the state the page served, and its power as served.
            assertThat(latest(client, "headroom_gpu_state{gpu_instance=\"\"} == 1", "uuid", "state"))
                    .isEqualTo(servedKeys("headroom_gpu_state", "uuid", "state"));
            Map<String, Double> power = new TreeMap<>();
            for (RangeSeries s :
                    client.queryRange("headroom_gpu_power_watts", ago(10), ago(0), Duration.ofSeconds(1))) {
                power.put(s.label("uuid"), s.values()[s.size() - 1]);
            }
            Map<String, Double> servedPower = new TreeMap<>();
            served.stream()
                    .filter(s -> s.name().equals("headroom_gpu_power_watts"))
                    .forEach(s -> servedPower.put(s.labels().get("uuid"), s.value()));
            assertThat(power).isNotEmpty().isEqualTo(servedPower);

            // Idle by hour as the console reads it: the hour ending now, from the recorded shares.
            assertThat(rows)
                    .as("idle by hour from %s:%n%s", server, rules.log())
                    .hasSize(SHAPE.racks());
            for (IdleHourRow row : rows) {
                Map<String, Integer> states = expected.get(row.group());
                int withData =
                        states.values().stream().mapToInt(Integer::intValue).sum() - states.get("stale");
                assertThat(row.gpuHours()).as(row.group()).isCloseTo(withData, within(1e-9));
                assertThat(row.idleShare())
                        .as(row.group())
                        .isCloseTo(
                                (states.get("held_idle") + states.get("free_idle")) / (double) withData, within(1e-9));
                assertThat(row.heldIdleShare())
                        .as(row.group())
                        .isCloseTo(states.get("held_idle") / (double) withData, within(1e-9));
            }
        }
    }

    /** Whole GPUs per rack and state, as the page served them (every state present, 0 where none). */
    private static Map<String, Map<String, Integer>> statesByRack() {
        Map<String, Map<String, Integer>> byRack = new TreeMap<>();
        for (var s : served) {
            if (s.name().equals("headroom_gpu_state")
                    && s.labels().getOrDefault("gpu_instance", "").isEmpty()) {
                byRack.computeIfAbsent(s.labels().get("rack"), r -> new HashMap<>())
                        .merge(s.labels().get("state"), (int) s.value(), Integer::sum);
            }
        }
        return byRack;
    }

    private static java.util.Set<String> servedKeys(String name, String a, String b) {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        for (var s : served) {
            if (s.name().equals(name)
                    && s.labels().getOrDefault("gpu_instance", "").isEmpty()
                    && s.value() == 1) {
                keys.add(s.labels().get(a) + "/" + s.labels().get(b));
            }
        }
        return keys;
    }

    private static java.util.Set<String> latest(PromqlClient client, String query, String a, String b)
            throws PromqlFailure, InterruptedException {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        for (RangeSeries s : client.queryRange(query, ago(5), ago(0), Duration.ofSeconds(1))) {
            if (s.size() > 0) {
                keys.add(s.label(a) + "/" + s.label(b));
            }
        }
        return keys;
    }

    private static Map<String, Map<String, Double>> latestByRackAndState(PromqlClient client, String query)
            throws PromqlFailure, InterruptedException {
        Map<String, Map<String, Double>> byRack = new TreeMap<>();
        for (RangeSeries s : client.queryRange(query, ago(5), ago(0), Duration.ofSeconds(1))) {
            if (s.size() > 0) {
                byRack.computeIfAbsent(s.label("rack"), r -> new HashMap<>())
                        .put(s.label("state"), s.values()[s.size() - 1]);
            }
        }
        return byRack;
    }

    private static Instant ago(int seconds) {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(seconds);
    }
}

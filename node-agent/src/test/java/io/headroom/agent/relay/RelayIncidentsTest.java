package io.headroom.agent.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.headroom.agent.RelayAgent;
import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.config.AgentConfigReader;
import io.headroom.agent.node.IncidentAlerts;
import io.headroom.agent.reclaim.SendCounts;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.wire.AgentEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A relay with alerts: an upstream agent that goes down is an incident per node it served, sent by the relay. */
class RelayIncidentsTest {

    @TempDir
    Path dir;

    private SimulatorAgent agent;
    private RelayAgent relay;
    private HttpServer webhook;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
        if (agent != null) {
            agent.close();
        }
        if (webhook != null) {
            webhook.stop(0);
        }
    }

    @Test
    void anAgentThatGoesDownIsSentByTheRelay() throws Exception {
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/hooks/headroom", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        AgentConfig config = AgentConfigReader.read(Files.writeString(
                dir.resolve("agent.yaml"), """
                node:
                  hostname: hall-1
                alerts:
                  interval_ms: 1000
                  webhooks:
                    - name: noc-bridge
                      kind: generic
                      url: http://127.0.0.1:%d/hooks/headroom
                """.formatted(webhook.getAddress().getPort())));
        InstantSource clock = InstantSource.system();
        agent = SimulatorAgent.create(FleetShape.forGpus(16), 1, 200, "east-", 30, clock)
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        relay = RelayAgent.start(
                List.of(new AgentEndpoint("127.0.0.1", agent.port())),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                64,
                RelayAgent.nameFor(config),
                clock);
        relay.alerting(
                IncidentAlerts.of(config, relay::telemetry, new SendCounts(), RelayAgent.nameFor(config), clock));
        await("the site's inventory")
                .atMost(Duration.ofSeconds(20))
                .until(() -> relay.telemetry().layout().gpuCount() > 0);

        agent.close();
        agent = null;

        await("the silent nodes sent as incidents")
                .atMost(Duration.ofSeconds(60))
                .until(() -> bodies.stream().anyMatch(b -> b.contains("\"cause\":\"node_stale\"")));
        assertThat(bodies)
                .filteredOn(b -> b.contains("\"cause\":\"node_stale\""))
                .allSatisfy(b -> assertThat(b)
                        .contains("\"event\":\"headroom.incident.opened\"")
                        .contains("\"agent\":\"relay hall-1\""));
    }
}

package io.headroom.agent.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.headroom.agent.Fixtures;
import io.headroom.agent.StandIn;
import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.config.AgentConfigReader;
import io.headroom.agent.source.SourceException;
import io.headroom.agent.source.nvidia.NvidiaTestLines;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node agent with an alerts webhook: a GPU a stand-in nvidia-smi reports at 99 °C is one
 * incident, sent once while it lasts; a webhook over plain HTTP to another machine stops the
 * agent at start.
 */
class IncidentsOnTheNodeTest {

    private static final String T4 = "GPU-d37e67a5-91dd-3774-a5cb-99096249601a";
    private static final String CAPTURE = "nvidia-smi/capture__l40s__595.80.txt";

    @TempDir
    Path dir;

    private NodeAgent agent;
    private HttpServer webhook;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (webhook != null) {
            webhook.stop(0);
        }
    }

    private Path nvidiaSmi(String temperature) throws Exception {
        return StandIn.script(dir, "nvidia-smi", """
                        case "$1" in
                          --help-query-gpu) cat "$D/help.txt" ;;
                          -q) cat "$D/query.xml" ;;
                          --query-gpu=*) while :; do cat "$D/samples.csv"; sleep 0.05; done ;;
                          --query-compute-apps=*) : ;;
                        esac
                        """)
                .file(
                        "help.txt",
                        String.join("\n", Fixtures.captureSection(CAPTURE, "nvidia-smi --help-query-gpu", 0)) + "\n")
                .file("query.xml", Fixtures.read("nvidia-smi/query-xml__tesla-t4.xml"))
                .file(
                        "samples.csv",
                        NvidiaTestLines.lineOf(
                                CAPTURE, NvidiaTestLines.fieldsOf(CAPTURE), T4, Map.of("temperature.gpu", temperature)))
                .executable();
    }

    private AgentConfig config(Path nvidiaSmi, String url) throws Exception {
        return AgentConfigReader.read(Files.writeString(dir.resolve("agent.yaml"), """
                node:
                  hostname: gpu-t4-01
                interval_ms: 200
                auth: none
                sources:
                  nvidia_smi:
                    path: %s
                alerts:
                  interval_ms: 1000
                  webhooks:
                    - name: noc-bridge
                      kind: generic
                      url: %s
                """.formatted(nvidiaSmi, url)));
    }

    @Test
    void aGpuTooHotIsSentOnceWhileItLasts() throws Exception {
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/hooks/headroom", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        AgentConfig parsed = config(
                nvidiaSmi("99"), "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hooks/headroom");
        agent = NodeAgent.create(parsed, parsed.intervalMs(), 5, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

        await("the incident sent").atMost(Duration.ofSeconds(20)).until(() -> !bodies.isEmpty());
        Thread.sleep(2_500); // two more looks: still open, nothing more to say

        assertThat(bodies)
                .singleElement()
                .satisfies(body -> assertThat(body)
                        .contains("\"event\":\"headroom.incident.opened\"")
                        .contains("\"cause\":\"gpu_hot\"")
                        .contains("\"agent\":\"gpu-t4-01\""));
    }

    @Test
    void plainHttpToAnotherMachineStopsTheAgentAtStart() throws Exception {
        AgentConfig parsed = config(nvidiaSmi("60"), "http://alerts.example.com/hook");

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> agent = NodeAgent.create(parsed, parsed.intervalMs(), 5, InstantSource.system()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("alerts: webhook noc-bridge")
                .hasMessageContaining("plain HTTP");
    }
}

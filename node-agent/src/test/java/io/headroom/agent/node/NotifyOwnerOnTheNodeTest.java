package io.headroom.agent.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.headroom.agent.Fixtures;
import io.headroom.agent.StandIn;
import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.config.AgentConfigReader;
import io.headroom.agent.source.nvidia.NvidiaTestLines;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.GetWorkloadsRequest;
import io.headroom.protocol.v1.NotifyOwner;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node agent as configured with a generic webhook: a NOTIFY_OWNER over gRPC for the compute
 * process a stand-in nvidia-smi lists reaches the webhook once, even when the key is sent twice.
 */
class NotifyOwnerOnTheNodeTest {

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

    @Test
    void aNoticeAskedOverExecuteReachesTheWebhookOnce() throws Exception {
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/hooks/headroom", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        Path nvidiaSmi = StandIn.script(dir, "nvidia-smi", """
                        case "$1" in
                          --help-query-gpu) cat "$D/help.txt" ;;
                          -q) cat "$D/query.xml" ;;
                          --query-gpu=*) while :; do cat "$D/samples.csv"; sleep 0.05; done ;;
                          --query-compute-apps=*) cat "$D/apps.csv" ;;
                        esac
                        """)
                .file(
                        "help.txt",
                        String.join("\n", Fixtures.captureSection(CAPTURE, "nvidia-smi --help-query-gpu", 0)) + "\n")
                .file("query.xml", Fixtures.read("nvidia-smi/query-xml__tesla-t4.xml"))
                .file("samples.csv", NvidiaTestLines.lineOf(CAPTURE, NvidiaTestLines.fieldsOf(CAPTURE), T4))
                .file("apps.csv", T4 + ", 5762, python, 1005 MiB\n")
                .executable();
        Path config = Files.writeString(dir.resolve("agent.yaml"), """
                node:
                  hostname: gpu-t4-01
                interval_ms: 200
                auth: none
                sources:
                  nvidia_smi:
                    path: %s
                workloads:
                  interval_ms: 1000
                notify:
                  webhooks:
                    - name: tickets
                      kind: generic
                      url: http://127.0.0.1:%d/hooks/headroom
                      pools: ["*"]
                """.formatted(
                        nvidiaSmi, webhook.getAddress().getPort()));
        AgentConfig parsed = AgentConfigReader.read(config);
        agent = NodeAgent.create(parsed, parsed.intervalMs(), 5, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        var channel = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forAddress("127.0.0.1", agent.port())
                .usePlaintext()
                .build();
        try {
            var stub =
                    io.headroom.protocol.v1.AgentGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            await("the process served as a workload")
                    .until(
                            () -> stub.getWorkloads(GetWorkloadsRequest.getDefaultInstance()),
                            table -> table.getWorkloadsCount() == 1);
            var notify = ExecuteRequest.newBuilder()
                    .setHostname("gpu-t4-01")
                    .setIdempotencyKey("notify-1")
                    .setRequester("alice")
                    .setNotifyOwner(NotifyOwner.newBuilder()
                            .setWorkloadId("process:gpu-t4-01:5762")
                            .setNote("please release"));

            ExecuteResponse plan = stub.execute(notify.setDryRun(true).build());
            ExecuteResponse first = stub.execute(notify.setDryRun(false).build());
            ExecuteResponse again = stub.execute(notify.build());

            assertThat(plan.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_PLANNED);
            assertThat(plan.getPlanList()).anySatisfy(line -> assertThat(line).startsWith("webhook: tickets (generic"));
            assertThat(first.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
            assertThat(again.getReplayed()).isTrue();
            assertThat(bodies)
                    .singleElement()
                    .satisfies(body -> assertThat(body)
                            .contains("\"id\":\"process:gpu-t4-01:5762\"")
                            .contains("\"note\":\"please release\""));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}

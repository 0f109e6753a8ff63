package io.headroom.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.headroom.agent.RelayAgent;
import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.config.AgentConfigReader;
import io.headroom.agent.node.NodeAgent;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.agent.source.nvidia.NvidiaSmiStandIn;
import io.headroom.wire.AgentEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standard gRPC tool built on another implementation (Python's C-core grpcio) finds the
 * agent's services by reflection, both v1 and the v1alpha older tools ask, and sees it healthy. CI installs python3-grpcio; where it
 * is missing this test is skipped, and says why.
 */
class PythonGrpcInteropTest {

    @TempDir
    Path dir;

    /**
     * Every server shape, since each is started on its own path: a node agent (with the stand-in
     * nvidia-smi), a simulator, and a relay in front of the simulator.
     */
    @Test
    void pythonGrpcListsTheServicesByReflectionV1AndV1alphaAndSeesEveryServerShapeServing() throws Exception {
        String python3 = pythonWithGrpc();
        assumeTrue(python3 != null, "python3 with grpcio is not installed (Debian: python3-grpcio)");
        InstantSource clock = InstantSource.system();
        Path nvidiaSmi = NvidiaSmiStandIn.create(
                        dir,
                        "nvidia-smi/capture__h100-mig__590.48.01.txt",
                        "nvidia-smi/query-xml__a100-sxm4-v12.xml",
                        "GPU-513536b6-7d19-9063-b049-1e69664bb298",
                        "")
                .executable();
        Path config = Files.writeString(dir.resolve("agent.yaml"), """
                node:
                  hostname: gpu-a100-07
                interval_ms: 500
                sources:
                  nvidia_smi:
                    path: %s
                """.formatted(nvidiaSmi));
        AgentConfig parsed = AgentConfigReader.read(config);
        try (var node = NodeAgent.create(parsed, parsed.intervalMs(), 5, clock).start(anyPort());
                var simulator = SimulatorAgent.create(FleetShape.forGpus(64), 5, 1000, "", 5, clock)
                        .start(anyPort());
                var relay = RelayAgent.start(
                        List.of(new AgentEndpoint("127.0.0.1", simulator.port())),
                        anyPort(),
                        64,
                        "relay test",
                        clock)) {
            for (int port : new int[] {node.port(), simulator.port(), relay.port()}) {
                Process python = new ProcessBuilder(
                                python3,
                                Path.of("src/test/python/reflection_check.py").toString(),
                                "127.0.0.1:" + port)
                        .redirectErrorStream(true)
                        .start();
                assertThat(python.waitFor(60, TimeUnit.SECONDS))
                        .as("python finished")
                        .isTrue();
                String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(python.exitValue()).as(output).isZero();
                assertThat(output.lines()
                                .filter(l -> l.startsWith("reflection v1 services "))
                                .findFirst())
                        .as(output)
                        .hasValueSatisfying(l -> assertThat(l)
                                .contains(
                                        "headroom.agent.v1.Agent",
                                        "grpc.health.v1.Health",
                                        "grpc.reflection.v1.ServerReflection"));
                assertThat(output.lines()
                                .filter(l -> l.startsWith("reflection v1alpha services "))
                                .findFirst())
                        .as(output)
                        .hasValueSatisfying(l -> assertThat(l)
                                .contains("headroom.agent.v1.Agent", "grpc.reflection.v1alpha.ServerReflection"));
                assertThat(output).contains("health SERVING");
            }
        }
    }

    private static InetSocketAddress anyPort() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    /** Debian's interpreter first: a python3 earlier on PATH (pyenv, a venv) may lack Debian's grpcio. */
    private static String pythonWithGrpc() throws InterruptedException {
        for (String candidate : new String[] {"/usr/bin/python3", "python3"}) {
            try {
                Process probe = new ProcessBuilder(candidate, "-c", "import grpc")
                        .redirectErrorStream(true)
                        .start();
                if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not installed under this name; try the next
            }
        }
        return null;
    }
}

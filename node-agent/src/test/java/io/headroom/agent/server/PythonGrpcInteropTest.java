package io.headroom.agent.server;

import io.headroom.agent.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A standard gRPC tool built on another implementation (Python's C-core grpcio) finds the
 * agent's services by reflection and sees it healthy. CI installs python3-grpcio; where it
 * is missing this test is skipped, and says why.
 */
class PythonGrpcInteropTest {

    @Test
    void pythonGrpcListsTheServicesByReflectionAndSeesTheAgentServing() throws Exception {
        String python3 = pythonWithGrpc();
        assumeTrue(python3 != null, "python3 with grpcio is not installed (Debian: python3-grpcio)");
        try (var agent = SimulatorAgent.create(FleetShape.forGpus(64), 5, 1000, "", 5, InstantSource.system())
                .start(new InetSocketAddress("127.0.0.1", 0))) {
            Process python = new ProcessBuilder(python3, Path.of("src/test/python/reflection_check.py").toString(),
                    "127.0.0.1:" + agent.port()).redirectErrorStream(true).start();
            assertThat(python.waitFor(60, TimeUnit.SECONDS)).as("python finished").isTrue();
            String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(python.exitValue()).as(output).isZero();
            assertThat(output).contains("headroom.agent.v1.Agent", "grpc.health.v1.Health",
                    "grpc.reflection.v1.ServerReflection", "health SERVING");
        }
    }

    /** Debian's interpreter first: a python3 earlier on PATH (pyenv, a venv) may lack Debian's grpcio. */
    private static String pythonWithGrpc() throws InterruptedException {
        for (String candidate : new String[] {"/usr/bin/python3", "python3"}) {
            try {
                Process probe = new ProcessBuilder(candidate, "-c", "import grpc").redirectErrorStream(true).start();
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

package io.headroom.agent.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.TlsServerCredentials;
import io.grpc.protobuf.services.HealthStatusManager;
import io.headroom.agent.access.AccessPolicy;
import io.headroom.agent.audit.AuditTrail;
import io.headroom.agent.server.EndpointSecurity;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.access.Role;
import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.AgentStatus;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.security.SiteSecurity;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site CA made by tools/make-site-ca, used for real: an agent serving mutual TLS with the
 * certificates it makes, the console's client connecting with them, and each way of getting
 * them wrong refused with a reason an operator can act on in the connection bar.
 */
class SiteCaTlsTest {

    @TempDir
    static Path dir;

    private static SiteCa site;
    private static SiteCa stranger;

    private final List<AutoCloseable> running = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        site = SiteCa.make(dir.resolve("site"), "Test Site CA");
        site.run("agent", "localhost", "127.0.0.1");
        site.run("agent", "gpu-node-99");
        site.run("agent", "expired-agent", "localhost", "--expired");
        site.run("client", "console-alice");
        stranger = SiteCa.make(dir.resolve("stranger"), "Someone Else's CA");
        stranger.run("agent", "localhost", "127.0.0.1");
        stranger.run("client", "console-mallory");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : running.reversed()) {
            c.close();
        }
    }

    private int agentWithMutualTls(String certificate, AccessPolicy access) throws Exception {
        var security = new EndpointSecurity(
                new ServerTls(site.certificate(certificate), site.key(certificate), site.ca()),
                access,
                AuditTrail.NONE);
        var agent = SimulatorAgent.create(FleetShape.forGpus(64), 7, 500, "", 10, InstantSource.system(), security)
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        running.add(agent);
        return agent.port();
    }

    /** A bare TLS server with a given certificate, for certificates the agent itself refuses to start with. */
    private int bareTlsServer(Path certificate, Path key) throws Exception {
        Server server = Grpc.newServerBuilderForPort(0, TlsServerCredentials.create(certificate.toFile(), key.toFile()))
                .addService(new HealthStatusManager().getHealthService())
                .build()
                .start();
        running.add(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        return server.getPort();
    }

    private record Console(FleetClient client, ConnectionBoard board, FleetState fleet, AgentEndpoint endpoint) {
        AgentStatus status() {
            return board.statuses().getFirst();
        }
    }

    private Console console(String host, int port, SiteSecurity security) {
        var endpoint = new AgentEndpoint(host, port);
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        var board = new ConnectionBoard(List.of(endpoint.toString()));
        var channel = security.resolve(endpoint);
        var client = new FleetClient(
                        List.of(endpoint),
                        fleet,
                        board,
                        ClientOptions.defaults("test-console")
                                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                                .withSecurity(e -> channel))
                .start();
        running.add(client);
        return new Console(client, board, fleet, endpoint);
    }

    private static String refusal(Console console) {
        await("the connection to be refused")
                .until(() -> console.status().health() == AgentHealth.UNREACHABLE
                        && !console.status().lastError().isEmpty());
        String reason = console.status().lastError();
        assertThat(reason).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("\n");
        return reason;
    }

    @Test
    void theConsoleStreamsFromAnAgentOverMutualTlsWithTheScriptsCertificates() throws Exception {
        int port = agentWithMutualTls("localhost", AccessPolicy.OPEN);
        var console = console(
                "localhost",
                port,
                new SiteSecurity(site.ca(), site.certificate("console-alice"), site.key("console-alice"), null, false));
        await("the agent online over mutual TLS").until(() -> console.status().health() == AgentHealth.ONLINE);
        assertThat(console.fleet().layout().gpuCount()).isEqualTo(64);
        await("the agent to say the console's role")
                .until(() -> console.client().connections().getFirst().role().isPresent());
        assertThat(console.client().connections().getFirst().role()).contains(Role.OPERATOR);
    }

    @Test
    void anAgentSignedByAnotherCaIsRefused() throws Exception {
        int port = bareTlsServer(stranger.certificate("localhost"), stranger.key("localhost"));
        var console = console("localhost", port, new SiteSecurity(site.ca(), null, null, null, false));
        assertThat(refusal(console)).contains("not signed by the site CA");
    }

    @Test
    void anExpiredAgentCertificateIsRefused() throws Exception {
        int port = bareTlsServer(site.certificate("expired-agent"), site.key("expired-agent"));
        var console = console("localhost", port, new SiteSecurity(site.ca(), null, null, null, false));
        assertThat(refusal(console)).contains("expired");
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        int port = bareTlsServer(site.certificate("gpu-node-99"), site.key("gpu-node-99"));
        var console = console("localhost", port, new SiteSecurity(site.ca(), null, null, null, false));
        assertThat(refusal(console)).contains("is not for localhost");
    }

    @Test
    void anAgentRequiringClientCertificatesRefusesAConsoleWithoutOne() throws Exception {
        int port = agentWithMutualTls("localhost", AccessPolicy.OPEN);
        var console = console("localhost", port, new SiteSecurity(site.ca(), null, null, null, false));
        assertThat(refusal(console)).contains("client certificate");
    }

    @Test
    void anAgentRefusesAClientCertificateFromAnotherCa() throws Exception {
        int port = agentWithMutualTls("localhost", AccessPolicy.OPEN);
        var console = console(
                "localhost",
                port,
                new SiteSecurity(
                        site.ca(),
                        stranger.certificate("console-mallory"),
                        stranger.key("console-mallory"),
                        null,
                        false));
        assertThat(refusal(console)).contains("client certificate");
    }

    @Test
    void theAgentRefusesToStartWithAnExpiredCertificate() {
        var tls = new ServerTls(site.certificate("expired-agent"), site.key("expired-agent"), null);
        org.assertj.core.api.Assertions.assertThatThrownBy(tls::credentials)
                .hasMessageContaining("expired")
                .hasMessageContaining("expired-agent.crt");
    }
}

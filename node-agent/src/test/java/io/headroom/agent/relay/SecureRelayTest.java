package io.headroom.agent.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.headroom.agent.RelayAgent;
import io.headroom.agent.access.AccessPolicy;
import io.headroom.agent.access.Identity;
import io.headroom.agent.audit.AuditFile;
import io.headroom.agent.audit.AuditTrail;
import io.headroom.agent.server.EndpointSecurity;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.agent.tls.ServerTls;
import io.headroom.agent.tls.SiteCa;
import io.headroom.client.ClientOptions;
import io.headroom.core.access.Role;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.security.SiteSecurity;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay between consoles and an agent, TLS on both hops: the agent knows the relay by its
 * client certificate, the relay knows consoles by their tokens and enforces their roles.
 */
class SecureRelayTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : running.reversed()) {
            c.close();
        }
    }

    private Path tokenFile(String name, String token) throws Exception {
        Path file = Files.writeString(dir.resolve(name + ".token"), token);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void consolesActThroughTheRelayWithinTheirRolesAndTheAgentRecordsTheRelay() throws Exception {
        var site = SiteCa.make(dir.resolve("ca"), "Relay Test CA");
        site.run("agent", "localhost", "127.0.0.1");
        site.run("agent", "relay-hall3");
        Path agentAudit = dir.resolve("agent-audit.jsonl");
        var agent = SimulatorAgent.create(
                        FleetShape.forGpus(64),
                        5,
                        500,
                        "",
                        10,
                        InstantSource.system(),
                        new EndpointSecurity(
                                new ServerTls(site.certificate("localhost"), site.key("localhost"), site.ca()),
                                AccessPolicy.identities(List.of(new Identity(
                                        "relay-hall3", Role.OPERATOR, null, new X500Principal("CN=relay-hall3")))),
                                AuditFile.open(agentAudit)))
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        running.add(agent);

        String technicianToken = "technician-" + "x".repeat(32);
        String viewerToken = "viewer-" + "y".repeat(32);
        var upstream = new AgentEndpoint("localhost", agent.port());
        var toAgent = new SiteSecurity(site.ca(), site.certificate("relay-hall3"), site.key("relay-hall3"), null, false)
                .resolve(upstream);
        var relay = RelayAgent.start(
                List.of(upstream),
                e -> toAgent,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                64,
                "relay-hall3",
                InstantSource.system(),
                new EndpointSecurity(
                        new ServerTls(site.certificate("localhost"), site.key("localhost"), null),
                        AccessPolicy.identities(List.of(
                                new Identity("tom", Role.TECHNICIAN, AccessPolicy.tokenSha256(technicianToken), null),
                                new Identity("vic", Role.VIEWER, AccessPolicy.tokenSha256(viewerToken), null))),
                        AuditTrail.NONE));
        running.add(relay);
        await("the relay online to the agent over mutual TLS")
                .until(() -> relay.client().connections().getFirst().isOnline());
        String hostname = agent.simulator().inventory().nodes().getFirst().hostname();
        await("the relay to know the agent's nodes")
                .until(() -> relay.client().channelFor(hostname).isPresent());

        var atRelay = new AgentEndpoint("localhost", relay.port());
        ManagedChannel asTom = ClientOptions.channel(
                atRelay,
                new SiteSecurity(site.ca(), null, null, tokenFile("tom", technicianToken), false)
                        .resolve(atRelay)
                        .credentials());
        ManagedChannel asVic = ClientOptions.channel(
                atRelay,
                new SiteSecurity(site.ca(), null, null, tokenFile("vic", viewerToken), false)
                        .resolve(atRelay)
                        .credentials());
        running.add(() -> asTom.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        running.add(() -> asVic.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));

        var drain = ExecuteRequest.newBuilder()
                .setIdempotencyKey("relay-drain-1")
                .setHostname(hostname)
                .setRequester("tom@laptop")
                .setReason("PSU swap")
                .setDrain(Drain.getDefaultInstance())
                .build();
        assertThatThrownBy(() -> AgentGrpc.newBlockingStub(asVic)
                        .withDeadlineAfter(30, TimeUnit.SECONDS)
                        .execute(drain))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        var answer = AgentGrpc.newBlockingStub(asTom)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .execute(drain);
        assertThat(answer.getStatus())
                .isIn(ExecuteStatus.EXECUTE_STATUS_APPLIED, ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS);

        String written = Files.readString(agentAudit);
        assertThat(written)
                .contains("\"identity\":\"relay-hall3\"")
                .contains("\"authenticated_by\":\"certificate\"")
                .contains("\"requester\":\"tom@laptop\"")
                .doesNotContain("vic");
    }
}

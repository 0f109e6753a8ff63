package io.headroom.agent.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.headroom.agent.audit.AuditFile;
import io.headroom.agent.audit.AuditFileVerifier;
import io.headroom.agent.cli.TokenCommand;
import io.headroom.agent.server.EndpointSecurity;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.agent.tls.ServerTls;
import io.headroom.agent.tls.SiteCa;
import io.headroom.client.ClientOptions;
import io.headroom.core.access.Role;
import io.headroom.core.audit.ChainVerdict;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.GetCallerRequest;
import io.headroom.protocol.v1.GetInventoryRequest;
import io.headroom.protocol.v1.Reassign;
import io.headroom.protocol.v1.Reslice;
import io.headroom.protocol.v1.Resume;
import io.headroom.protocol.v1.SliceRequest;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.security.SiteSecurity;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Who may do what, over real gRPC with TLS on loopback: an agent with one identity per role
 * (tokens) and one by client certificate, every action tried by every role, and what the
 * agent wrote down and logged along the way.
 */
class RoleMatrixTest {

    @TempDir
    static Path dir;

    private static SiteCa site;
    private static SimulatorAgent agent;
    private static Path auditFile;
    private static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);
    private static final Map<Role, Path> TOKEN_FILES = new EnumMap<>(Role.class);
    private static final List<ManagedChannel> channels = new ArrayList<>();
    private static final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private static String hostname;

    @BeforeAll
    static void startAgent() throws Exception {
        site = SiteCa.make(dir.resolve("ca"), "Role Test CA");
        site.run("agent", "localhost", "127.0.0.1");
        site.run("client", "wall-7");
        List<Identity> identities = new ArrayList<>();
        for (Role role : Role.values()) {
            String token = TokenCommand.newToken();
            TOKENS.put(role, token);
            Path file = dir.resolve(role.id() + ".token");
            Files.writeString(file, token + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            TOKEN_FILES.put(role, file);
            identities.add(new Identity(role.id() + "-user", role, AccessPolicy.tokenSha256(token), null));
        }
        identities.add(new Identity("wall-7", Role.VIEWER, null, new X500Principal("CN=wall-7")));
        auditFile = dir.resolve("audit.jsonl");
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logged);
        logged.start();
        var security = new EndpointSecurity(
                new ServerTls(site.certificate("localhost"), site.key("localhost"), site.ca(), true),
                AccessPolicy.identities(identities),
                AuditFile.open(auditFile));
        agent = SimulatorAgent.create(FleetShape.forGpus(64), 3, 500, "", 10, InstantSource.system(), security)
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        hostname = agent.simulator().inventory().nodes().getFirst().hostname();
    }

    @AfterAll
    static void stop() throws Exception {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        agent.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logged);
    }

    private static AgentGrpc.AgentBlockingStub as(SiteSecurity security) {
        var endpoint = new AgentEndpoint("localhost", agent.port());
        ManagedChannel channel =
                ClientOptions.channel(endpoint, security.resolve(endpoint).credentials());
        channels.add(channel);
        return AgentGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static AgentGrpc.AgentBlockingStub as(Role role) {
        return as(new SiteSecurity(site.ca(), null, null, TOKEN_FILES.get(role), false));
    }

    private static ExecuteRequest.Builder request(String key) {
        return ExecuteRequest.newBuilder()
                .setIdempotencyKey(key)
                .setHostname(hostname)
                .setRequester("test@bench")
                .setReason("role matrix");
    }

    private static Map<String, ExecuteRequest> actions() {
        return Map.of(
                "drain",
                        request("m-drain")
                                .setDrain(Drain.getDefaultInstance())
                                .setDryRun(true)
                                .build(),
                "resume",
                        request("m-resume")
                                .setResume(Resume.getDefaultInstance())
                                .setDryRun(true)
                                .build(),
                "reassign",
                        request("m-reassign")
                                .setReassign(Reassign.newBuilder().setPool("infer"))
                                .setDryRun(true)
                                .build(),
                "reslice",
                        request("m-reslice")
                                .setReslice(Reslice.newBuilder()
                                        .setGpuIndex(0)
                                        .addSlices(SliceRequest.newBuilder().setProfileId(0)))
                                .setDryRun(true)
                                .build());
    }

    private static final Map<Role, List<String>> ALLOWED = Map.of(
            Role.VIEWER, List.of(),
            Role.TECHNICIAN, List.of("drain", "resume"),
            Role.OPERATOR, List.of("drain", "resume", "reassign", "reslice"));

    @Test
    void everyRoleMayDoExactlyWhatItsRolePermits() {
        for (Role role : Role.values()) {
            var stub = as(role);
            assertThat(stub.getInventory(GetInventoryRequest.getDefaultInstance())
                            .getNodesCount())
                    .isPositive();
            var caller = stub.getCaller(GetCallerRequest.getDefaultInstance());
            assertThat(caller.getIdentity()).isEqualTo(role.id() + "-user");
            assertThat(caller.getAuthenticatedBy()).isEqualTo("token");
            for (var action : actions().entrySet()) {
                if (ALLOWED.get(role).contains(action.getKey())) {
                    assertThat(stub.execute(action.getValue()).getStatus())
                            .as("%s may %s", role, action.getKey())
                            .isNotEqualTo(ExecuteStatus.EXECUTE_STATUS_UNSPECIFIED);
                } else {
                    assertThatThrownBy(() -> stub.execute(action.getValue()))
                            .as("%s may not %s", role, action.getKey())
                            .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                                assertThat(e.getStatus().getDescription()).contains(role.id());
                            });
                }
            }
        }
    }

    @Test
    void callersWithoutAKnownTokenOrCertificateAreNotAdmitted() throws Exception {
        var anonymous = as(new SiteSecurity(site.ca(), null, null, null, false));
        assertThatThrownBy(() -> anonymous.getInventory(GetInventoryRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        Path forged = dir.resolve("forged.token");
        Files.writeString(forged, TokenCommand.newToken());
        Files.setPosixFilePermissions(forged, PosixFilePermissions.fromString("rw-------"));
        var stranger = as(new SiteSecurity(site.ca(), null, null, forged, false));
        assertThatThrownBy(() -> stranger.execute(actions().get("drain")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).isEqualTo("the token is not one this agent knows");
                });
    }

    @Test
    void aClientCertificateSubjectIsAnIdentityToo() {
        var wall = as(new SiteSecurity(site.ca(), site.certificate("wall-7"), site.key("wall-7"), null, false));
        var caller = wall.getCaller(GetCallerRequest.getDefaultInstance());
        assertThat(caller.getIdentity()).isEqualTo("wall-7");
        assertThat(caller.getAuthenticatedBy()).isEqualTo("certificate");
        assertThatThrownBy(() -> wall.execute(actions().get("drain")))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    }

    @Test
    void aDenialAndARealDrainAreWrittenToTheAuditFileAndNoSecretIsLoggedOrWritten() throws Exception {
        var viewer = as(Role.VIEWER);
        assertThatThrownBy(() -> viewer.execute(request("audit-denied")
                        .setDrain(Drain.getDefaultInstance())
                        .build()))
                .isInstanceOf(StatusRuntimeException.class);
        var technician = as(Role.TECHNICIAN);
        var drained = technician.execute(
                request("audit-drain").setDrain(Drain.getDefaultInstance()).build());
        assertThat(drained.getStatus())
                .isIn(ExecuteStatus.EXECUTE_STATUS_APPLIED, ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS);

        List<String> lines = Files.readAllLines(auditFile);
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .contains("\"identity\":\"viewer-user\"")
                        .contains("\"result\":\"PERMISSION_DENIED\"")
                        .contains("\"idempotency_key\":\"audit-denied\""));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .contains("\"identity\":\"technician-user\"")
                        .contains("\"result\":\"REQUESTED\"")
                        .contains("\"idempotency_key\":\"audit-drain\""));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .contains("\"identity\":\"technician-user\"")
                        .contains("\"result\":\"" + drained.getStatus().name().replace("EXECUTE_STATUS_", "") + "\"")
                        .contains("\"idempotency_key\":\"audit-drain\""));
        assertThat(AuditFileVerifier.verify(auditFile)).isInstanceOf(ChainVerdict.Intact.class);

        String written = Files.readString(auditFile);
        String log = String.join(
                "\n",
                logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
        assertThat(log).contains("refused drain on " + hostname); // the log does speak of it...
        for (Role role : Role.values()) {
            // ...but never with a token or the hash that stands for it.
            assertThat(log).doesNotContain(TOKENS.get(role)).doesNotContain(AccessPolicy.tokenSha256(TOKENS.get(role)));
            assertThat(written)
                    .doesNotContain(TOKENS.get(role))
                    .doesNotContain(AccessPolicy.tokenSha256(TOKENS.get(role)));
        }
    }
}

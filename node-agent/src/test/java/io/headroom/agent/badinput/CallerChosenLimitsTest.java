package io.headroom.agent.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.headroom.agent.access.AccessPolicy;
import io.headroom.agent.audit.AuditFile;
import io.headroom.agent.audit.ExecuteRecord;
import io.headroom.agent.server.CallerKey;
import io.headroom.agent.server.EndpointSecurity;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits a caller cannot choose: the rate limit on operations counts an anonymous caller by
 * its address, whatever name it declares (a new name per call used to be a new bucket per
 * call); refusals are written short, and within a budget of audit bytes per caller and minute
 * (60 MB in 1.8 s used to reach the disk); names and keys a caller sends are bounded.
 */
class CallerChosenLimitsTest {

    @TempDir
    Path dir;

    private SimulatorAgent agent;
    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (agent != null) {
            agent.close();
        }
    }

    private void start(AccessPolicy access, Path audit) throws Exception {
        var security = new EndpointSecurity(
                null, access, audit == null ? io.headroom.agent.audit.AuditTrail.NONE : AuditFile.open(audit));
        agent = SimulatorAgent.create(FleetShape.forGpus(64), 5, 1000, "", 5, InstantSource.system(), security)
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private ManagedChannel channel(ManagedChannel channel) {
        channels.add(channel);
        return channel;
    }

    private ExecuteRequest.Builder drain(String key) {
        return ExecuteRequest.newBuilder()
                .setIdempotencyKey(key)
                .setRequester("tester")
                .setReason("limits")
                .setHostname(agent.simulator().inventory().nodes().getFirst().hostname())
                .setDrain(Drain.getDefaultInstance());
    }

    /** A stub that declares a new caller name on every call, as the attacker in the issue did. */
    private static AgentGrpc.AgentBlockingStub aNewNameEachCall(ManagedChannel channel, int call) {
        var headers = new Metadata();
        headers.put(CallerKey.CALLER, "mallory-" + call);
        return AgentGrpc.newBlockingStub(
                        ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)))
                .withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @Test
    void aNameTheCallerDeclaresDoesNotBuyItANewRateLimit() throws Exception {
        start(AccessPolicy.OPEN, null);
        var channel = channel(NettyChannelBuilder.forAddress("127.0.0.1", agent.port())
                .usePlaintext()
                .build());
        int refused = 0;
        String refusal = "";
        for (int i = 0; i < 60; i++) {
            try {
                aNewNameEachCall(channel, i)
                        .execute(drain("plan-" + i).setDryRun(true).build());
            } catch (StatusRuntimeException e) {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                refusal = e.getStatus().getDescription();
                refused++;
            }
        }
        assertThat(refused)
                .as("60 calls at once from one address, under 60 names")
                .isPositive();
        assertThat(refusal).contains("too many operations from 127.0.0.1");
        // Another address is another caller, with its own bucket.
        var elsewhere = channel(FromAddress.loopback(3, agent.port()));
        assertThat(AgentGrpc.newBlockingStub(elsewhere)
                        .withDeadlineAfter(20, TimeUnit.SECONDS)
                        .execute(drain("plan-elsewhere").setDryRun(true).build())
                        .getStatus())
                .isEqualTo(ExecuteStatus.EXECUTE_STATUS_PLANNED);
        new AttackRow(
                        "2a",
                        "60 operations at once from one address, each under a new caller name (no identities)",
                        refused + " of 60 refused (RESOURCE_EXHAUSTED): " + AttackRow.quote(refusal)
                                + "; another address kept its own budget",
                        "the caller; the limit keys on the peer address, never on a name the client chooses")
                .write();
    }

    @Test
    void aRefusalIsWrittenShortWithTheAddressItCameFrom() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        start(AccessPolicy.WATCH_ONLY, audit);
        var channel = channel(NettyChannelBuilder.forAddress("127.0.0.1", agent.port())
                .usePlaintext()
                .build());
        String essay = "x".repeat(1000);
        assertThatThrownBy(() -> AgentGrpc.newBlockingStub(channel)
                        .execute(drain("denied-1").setReason(essay).build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        String line = Files.readAllLines(audit).getLast();
        assertThat(line)
                .contains("\"result\":\"PERMISSION_DENIED\"")
                .contains("\"peer\":\"127.0.0.1\"")
                .contains("\"reason\":\"" + "x".repeat(200) + "… (1000 characters)\"");
        assertThat(line.length()).isLessThan(1000);
        new AttackRow(
                        "2b",
                        "a refused operation with a 1,000-character reason",
                        "written in " + line.length() + " bytes: the reason cut to 200 characters and its length,"
                                + " with the address it came from",
                        "the audit file")
                .write();
    }

    @Test
    void refusalsPastTheBudgetAreCountedAndSummedUpInOneRecord() throws Exception {
        Path file = dir.resolve("budget.jsonl");
        Instant t0 = Instant.parse("2026-11-02T08:00:00Z");
        try (var audit = AuditFile.open(file)) {
            for (int i = 0; i < 1000; i++) {
                audit.appendRefusal(refusal(t0.plusMillis(i), "mallory-" + i, "x".repeat(1000)), "10.0.0.66");
            }
            long written = Files.size(file);
            assertThat(written)
                    .as("1,000 refusals of 1,000-character reasons from one address in a second")
                    .isLessThan(40 * 1024);
            audit.appendRefusal(refusal(t0.plusSeconds(2), "bob", "late"), "10.0.0.9");
            assertThat(Files.readAllLines(file).getLast())
                    .as("another caller still has its budget")
                    .contains("\"late\"");
            long dropped = audit.status().refusalsDropped();
            assertThat(dropped).isGreaterThan(900);

            audit.appendRefusal(refusal(t0.plusSeconds(61), "bob", "next minute"), "10.0.0.9");
            List<String> lines = Files.readAllLines(file);
            assertThat(lines.get(lines.size() - 2))
                    .contains("\"result\":\"DROPPED\"")
                    .contains(dropped + " refusals between 2026-11-02T08:00:00Z and 2026-11-02T08:01:01Z not written")
                    .contains("10.0.0.66: " + dropped);
            assertThat(lines.getLast()).contains("next minute");
        }
        assertThat(io.headroom.agent.audit.AuditFileVerifier.verify(file))
                .isInstanceOf(io.headroom.core.audit.ChainVerdict.Intact.class);
        new AttackRow(
                        "2c",
                        "1,000 refusals of 1,000-character reasons from one address in a second",
                        "the audit file grew under 40 KiB; the rest counted and summed up in one DROPPED record the"
                                + " next minute; another caller's refusals still written; the trail verifies",
                        "the audit file (DROPPED record), /metrics (refusals dropped)")
                .write();
    }

    private static ExecuteRecord refusal(Instant at, String requester, String reason) {
        return new ExecuteRecord(
                at,
                "anonymous",
                "viewer",
                "none",
                requester,
                "drain",
                "gpu-node-01",
                reason,
                false,
                "k",
                "PERMISSION_DENIED",
                "anonymous is a viewer; drain needs technician or above",
                "10.0.0.66",
                "");
    }

    @Test
    void namesAndKeysACallerSendsAreBounded() throws Exception {
        start(AccessPolicy.OPEN, null);
        var stub = AgentGrpc.newBlockingStub(channel(NettyChannelBuilder.forAddress("127.0.0.1", agent.port())
                        .usePlaintext()
                        .build()))
                .withDeadlineAfter(20, TimeUnit.SECONDS);
        assertThatThrownBy(() ->
                        stub.execute(drain("k").setRequester("r".repeat(300)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("the requester is 300 characters long; at most 256 are taken");
                });
        assertThatThrownBy(() -> stub.execute(drain("k".repeat(129)).build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription())
                                .contains("idempotency key is 129 characters long"));
    }
}

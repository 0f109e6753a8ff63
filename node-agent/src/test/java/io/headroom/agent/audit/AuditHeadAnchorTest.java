package io.headroom.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.headroom.agent.access.AccessPolicy;
import io.headroom.agent.badinput.AttackRow;
import io.headroom.agent.server.EndpointSecurity;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.client.audit.AuditHeadWatch;
import io.headroom.core.audit.AgentAuditState;
import io.headroom.core.audit.AuditHeadKeeper;
import io.headroom.core.audit.HeadVerdict;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.wire.AgentEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The head of an agent's audit trail, kept by a console off the node: rewinding the node's
 * files to a backup (trail, head file and key together, as root on the node can) passes every
 * check on the node, and is caught by the head the console kept; so is a trail started over
 * with a new key. Real gRPC, a real audit file, the console's own watch.
 */
class AuditHeadAnchorTest {

    /** The console's name for the agent: the same whatever port the restarted agent listens on. */
    private static final AgentEndpoint AGENT = new AgentEndpoint("gpu-agent.example", 50051);

    @TempDir
    Path dir;

    private final AuditHeadKeeper keeper = AuditHeadKeeper.inMemory();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private SimulatorAgent agent;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws Exception {
        stopAgent();
        scheduler.shutdownNow();
    }

    @Test
    void aTrailRewoundToABackupIsCaughtByTheHeadTheConsoleKept() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        startAgent(file);
        drain("op-1");
        drain("op-2");
        AgentAuditState first = readHead();
        assertThat(first.verdict()).isInstanceOf(HeadVerdict.FirstSeen.class);
        assertThat(first.latest().record()).isEqualTo(first.kept().record());
        long atBackup = first.latest().record();

        // Root on the node keeps a copy of everything the agent writes: trail, head file, key.
        Path backup = Files.createDirectory(dir.resolve("backup"));
        stopAgent();
        copyAll(dir, backup);
        startAgent(file);
        drain("op-3");
        AgentAuditState wentOn = readHead();
        assertThat(wentOn.verdict()).isInstanceOf(HeadVerdict.WentOn.class);
        assertThat(wentOn.latest().record()).isGreaterThan(atBackup);

        // ... and puts it back: the records of op-3 are gone, and the node's own checks agree with the files.
        stopAgent();
        copyAll(backup, dir);
        startAgent(file);
        AgentAuditState rewound = readHead();

        assertThat(rewound.verdict()).isInstanceOf(HeadVerdict.Rewritten.class);
        assertThat(rewound.describe())
                .contains("ends at record " + atBackup)
                .contains("record " + wentOn.latest().record() + " was seen")
                .contains("cut from its end");
        assertThat(rewound.needsAttention()).isTrue();
        // The anchor stays the head seen before the cut, as evidence, however often it is read again.
        assertThat(rewound.kept().record()).isEqualTo(wentOn.latest().record());
        assertThat(readHead().verdict()).isInstanceOf(HeadVerdict.Rewritten.class);
        new AttackRow(
                        "3h",
                        "as root on the node: the audit file, its head file and signing key rewound to a backup while"
                                + " the agent was stopped (every check on the node passes)",
                        "the console's next reading of the agent's signed head: " + AttackRow.quote(rewound.describe()),
                        "every console and relay that read the agent before (Operations page, their log)")
                .write();
    }

    @Test
    void aTrailStartedOverWithANewKeyIsCaught() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        startAgent(file);
        drain("op-1");
        assertThat(readHead().verdict().trusted()).isTrue();
        stopAgent();

        // Everything removed and begun again, longer than before so a count alone would not tell.
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        startAgent(file);
        for (int i = 0; i < 5; i++) {
            drain("again-" + i);
        }
        AgentAuditState restarted = readHead();

        assertThat(restarted.verdict()).isInstanceOf(HeadVerdict.Rewritten.class);
        assertThat(restarted.describe()).contains("signed with another key").contains("--expect-head");
        new AttackRow(
                        "3i",
                        "as root on the node: the trail, its head and key deleted and a new, longer trail begun",
                        "the console's next reading: " + AttackRow.quote(restarted.describe()),
                        "every console and relay that read the agent before")
                .write();
    }

    @Test
    void aRelayKeepsTheHeadsOfItsUpstreamAgentsToo() throws Exception {
        startAgent(dir.resolve("audit.jsonl"));
        drain("op-1");
        var upstream = new AgentEndpoint("127.0.0.1", agent.port());
        try (var relay = io.headroom.agent.RelayAgent.start(
                List.of(upstream),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                16,
                "relay-test",
                InstantSource.system())) {
            relay.readAuditHeadsNow().get(20, TimeUnit.SECONDS);
            assertThat(relay.upstreamAuditTrails()).singleElement().satisfies(state -> {
                assertThat(state.agent()).isEqualTo(upstream.toString());
                assertThat(state.verdict()).isInstanceOf(HeadVerdict.FirstSeen.class);
                assertThat(state.latest().record()).isPositive();
            });
        }
    }

    @Test
    void anAgentWithoutASignedTrailIsNotAskedAgainAndShowsNothing() throws Exception {
        agent = SimulatorAgent.create(FleetShape.forGpus(16), 9, 1000, "", 5, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", agent.port())
                .usePlaintext()
                .build();
        var watch = new AuditHeadWatch(Map.of(AGENT, channel), keeper, scheduler, InstantSource.system());
        watch.readAll().get(20, TimeUnit.SECONDS);
        watch.readAll().get(20, TimeUnit.SECONDS);

        assertThat(keeper.states()).isEmpty();
    }

    private AgentAuditState readHead() throws Exception {
        new AuditHeadWatch(Map.of(AGENT, channel), keeper, scheduler, InstantSource.system())
                .readAll()
                .get(20, TimeUnit.SECONDS);
        return keeper.states().stream()
                .filter(s -> s.agent().equals(AGENT.toString()))
                .findFirst()
                .orElseThrow();
    }

    private void startAgent(Path file) throws Exception {
        agent = SimulatorAgent.create(
                        FleetShape.forGpus(16),
                        9,
                        1000,
                        "",
                        5,
                        InstantSource.system(),
                        new EndpointSecurity(null, AccessPolicy.OPEN, AuditFile.open(file)))
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", agent.port())
                .usePlaintext()
                .build();
    }

    private void stopAgent() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            channel = null;
        }
        if (agent != null) {
            agent.close();
            agent = null;
        }
    }

    private void drain(String key) {
        AgentGrpc.newBlockingStub(channel)
                .withDeadlineAfter(20, TimeUnit.SECONDS)
                .execute(ExecuteRequest.newBuilder()
                        .setIdempotencyKey(key)
                        .setRequester("alice@laptop")
                        .setReason("swap PSU 2")
                        .setHostname(
                                agent.simulator().inventory().nodes().getFirst().hostname())
                        .setDrain(Drain.getDefaultInstance())
                        .build());
    }

    private static void copyAll(Path from, Path to) throws Exception {
        try (var files = Files.list(from)) {
            for (Path p : files.toList()) {
                if (Files.isRegularFile(p)) {
                    Files.copy(
                            p,
                            to.resolve(p.getFileName()),
                            StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}

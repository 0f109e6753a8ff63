package io.headroom.agent.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.headroom.agent.server.AgentService;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.AgentStatus;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.wire.AgentEndpoint;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A console configured with 1,000 agents of which half cannot be reached: 250 refuse the
 * connection, 250 accept it and never say a word (a black hole: the HTTP/2 handshake hangs
 * until the inventory deadline). The 500 that answer must be online with data before the
 * black holes have even failed their first attempt, and the client must not spend a thread
 * per endpoint.
 *
 * <p>Each reachable endpoint is its own one-node simulated fleet (distinct hostnames) served
 * by its own gRPC server; all of them share a few threads, and one test thread ticks them.
 */
class ManyEndpointsTest {

    private static final int REACHABLE = 500;
    private static final int REFUSED = 250;
    private static final int BLACK_HOLES = 250;
    private static final int INTERVAL_MS = 250;
    private static final Duration LIMIT = Duration.ofSeconds(40);

    private final List<SimulatorAgent> agents = new ArrayList<>();
    private final List<Server> servers = new ArrayList<>();
    private final List<ServerSocket> blackHoles = new ArrayList<>();
    private final ExecutorService serverExecutor = Executors.newFixedThreadPool(
            2, Thread.ofPlatform().name("test-server-", 0).daemon().factory());
    private final ExecutorService streamExecutor = Executors.newFixedThreadPool(
            2, Thread.ofPlatform().name("test-stream-", 0).daemon().factory());
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("test-ticker").daemon().factory());
    private FleetClient client;

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        ticker.shutdownNow();
        servers.forEach(Server::shutdownNow);
        for (Server server : servers) {
            server.awaitTermination(5, TimeUnit.SECONDS);
        }
        agents.forEach(SimulatorAgent::close);
        for (ServerSocket hole : blackHoles) {
            hole.close();
        }
        serverExecutor.shutdownNow();
        streamExecutor.shutdownNow();
    }

    @Test
    void fiveHundredUnreachableAgentsDoNotHoldBackTheFiveHundredThatAnswer() throws Exception {
        InstantSource clock = InstantSource.system();
        Map<AgentEndpoint, String> hostnameOf = new HashMap<>();
        List<AgentEndpoint> reachable = new ArrayList<>();
        for (int i = 0; i < REACHABLE; i++) {
            var agent =
                    SimulatorAgent.create(new FleetShape(1, 1, 1, 8), 3, INTERVAL_MS, "ep%03d-".formatted(i), 1, clock);
            agents.add(agent);
            var service = new AgentService(
                    agent.publisher(), request -> ExecuteResponse.getDefaultInstance(), streamExecutor, clock);
            Server server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .addService(service)
                    .executor(serverExecutor)
                    .build()
                    .start();
            servers.add(server);
            var endpoint = new AgentEndpoint("127.0.0.1", server.getPort());
            reachable.add(endpoint);
            hostnameOf.put(
                    endpoint, agent.simulator().inventory().nodes().getFirst().hostname());
        }
        List<AgentEndpoint> silent = new ArrayList<>();
        for (int i = 0; i < BLACK_HOLES; i++) {
            // Listening, so the kernel completes the TCP handshake; never accepted, never answered.
            var hole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            blackHoles.add(hole);
            silent.add(new AgentEndpoint("127.0.0.1", hole.getLocalPort()));
        }
        // Ports nothing listens on: bound all at once (so no two are the same), then closed.
        List<ServerSocket> closed = new ArrayList<>();
        for (int i = 0; i < REFUSED; i++) {
            closed.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        }
        List<AgentEndpoint> refused = new ArrayList<>();
        for (ServerSocket socket : closed) {
            refused.add(new AgentEndpoint("127.0.0.1", socket.getLocalPort()));
            socket.close();
        }
        // Interleaved, so that an answering agent is never only behind other answering ones.
        List<AgentEndpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < REACHABLE / 2; i++) {
            endpoints.add(reachable.get(2 * i));
            endpoints.add(silent.get(i));
            endpoints.add(reachable.get(2 * i + 1));
            endpoints.add(refused.get(i));
        }
        assertThat(endpoints).hasSize(1_000).doesNotHaveDuplicates();
        // Runs until the test's cleanup shuts the ticker down; nothing reads the future.
        var unusedTicking = ticker.scheduleAtFixedRate(
                () -> {
                    long now = clock.millis() / INTERVAL_MS * INTERVAL_MS;
                    agents.forEach(agent -> agent.publisher().tick(now));
                },
                0,
                INTERVAL_MS,
                TimeUnit.MILLISECONDS);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int threadsBefore = threads.getThreadCount();
        threads.resetPeakThreadCount();
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        var board = new ConnectionBoard(
                endpoints.stream().map(AgentEndpoint::toString).toList());
        client = new FleetClient(endpoints, fleet, board, ClientOptions.defaults("many-endpoints")).start();

        // Until every answering agent is online with samples in the fleet, or a black hole's
        // first attempt has failed: which comes first is the point.
        Set<String> silentNames = silent.stream().map(AgentEndpoint::toString).collect(Collectors.toSet());
        await("every answering agent online with samples, or a black hole failed")
                .atMost(LIMIT)
                .until(() -> board.statuses().stream()
                                .anyMatch(
                                        s -> silentNames.contains(s.endpoint()) && s.health() != AgentHealth.CONNECTING)
                        || (board.online() == REACHABLE
                                && reachable.stream().allMatch(e -> hasSamples(fleet, hostnameOf.get(e)))));
        Map<String, AgentStatus> first = byEndpoint(board);
        assertThat(silent)
                .as("black holes still on their first attempt when every answering agent is online")
                .allSatisfy(e -> assertThat(first.get(e.toString()).health()).isEqualTo(AgentHealth.CONNECTING));
        assertThat(reachable).as("answering agents").allSatisfy(e -> {
            assertThat(first.get(e.toString()).health()).isEqualTo(AgentHealth.ONLINE);
            int node = fleet.layout().nodeIndex(hostnameOf.get(e));
            assertThat(node).isNotNegative();
            assertThat(fleet.current().sampleTime(fleet.layout().firstGpuSlot(node)))
                    .isPositive();
        });
        assertThat(fleet.layout().nodeCount()).isEqualTo(REACHABLE);

        await("every refusing endpoint marked unreachable")
                .atMost(LIMIT)
                .until(() -> allIn(board, refused, AgentHealth.UNREACHABLE));
        Map<String, AgentStatus> refusals = byEndpoint(board);
        assertThat(refused).allSatisfy(e -> {
            AgentStatus status = refusals.get(e.toString());
            assertThat(status.lastError()).startsWith("connection refused");
            assertThat(status.nextRetry()).isNotNull();
        });

        int extraThreads = threads.getThreadCount() - threadsBefore;
        int peakExtraThreads = threads.getPeakThreadCount() - threadsBefore;
        // gRPC's shared executor grows with bursts of callbacks (50-110 threads here on 2 busy
        // cores); a thread per endpoint would be 1,000.
        assertThat(extraThreads)
                .as("threads added by a client of 1,000 endpoints")
                .isLessThan(250);
        assertThat(peakExtraThreads)
                .as("threads added at the peak, while 1,000 endpoints connect")
                .isLessThan(250);

        // The black holes do fail, by the inventory deadline, and say so.
        await("every black hole to fail its first attempt")
                .atMost(LIMIT)
                .until(() -> allIn(board, silent, AgentHealth.UNREACHABLE));
        Map<String, AgentStatus> last = byEndpoint(board);
        assertThat(silent)
                .allSatisfy(e -> assertThat(last.get(e.toString()).lastError()).startsWith("no answer in time"));
        assertThat(reachable)
                .as("answering agents, still online")
                .allSatisfy(e -> assertThat(last.get(e.toString()).health()).isEqualTo(AgentHealth.ONLINE));
    }

    private static Map<String, AgentStatus> byEndpoint(ConnectionBoard board) {
        Map<String, AgentStatus> statuses = new HashMap<>();
        board.statuses().forEach(s -> statuses.put(s.endpoint(), s));
        return statuses;
    }

    private static boolean allIn(ConnectionBoard board, List<AgentEndpoint> endpoints, AgentHealth health) {
        Map<String, AgentStatus> now = byEndpoint(board);
        return endpoints.stream().allMatch(e -> now.get(e.toString()).health() == health);
    }

    private static boolean hasSamples(FleetState fleet, String hostname) {
        FleetTelemetry telemetry = fleet.current();
        int node = telemetry.layout().nodeIndex(hostname);
        return node >= 0 && telemetry.sampleTime(telemetry.layout().firstGpuSlot(node)) > 0;
    }
}

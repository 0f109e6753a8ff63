package io.headroom.agent.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.headroom.agent.config.AgentConfig.NodeIdentity;
import io.headroom.agent.node.NodeSource;
import io.headroom.agent.node.SchedulerView;
import io.headroom.agent.operations.NoOperations;
import io.headroom.agent.server.AgentHost;
import io.headroom.agent.server.TelemetryPublisher;
import io.headroom.agent.server.TelemetrySource;
import io.headroom.agent.source.DeviceSource;
import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.SourceHealth;
import io.headroom.client.AgentConnection;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.ImplausibleValues;
import io.headroom.core.fleet.ImplausibleValues.Kind;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import io.headroom.wire.AgentEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Samples no real device gives (negative power, NaN, 10,000 °C, 250 % utilization, infinite
 * memory) from a misbehaving device tool inside the agent, and from a misbehaving agent that
 * serves them as they are. Either way the console shows them as unavailable, never as a hot
 * or busy GPU; each kind is counted, and logged once per source however many samples carry it.
 */
class AbsurdSamplesTest {

    private static final String HOST = "gpu-garbage-01";
    private static final int INTERVAL_MS = 50;
    private static final Duration LIMIT = Duration.ofSeconds(60);
    /** The kinds the broken device sends; SM clock and power limit stay plausible. */
    private static final List<Kind> ABSURD =
            List.of(Kind.UTILIZATION, Kind.MEMORY_USED, Kind.POWER, Kind.GPU_TEMPERATURE, Kind.SM_ACTIVE);

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger implausibleLog = (Logger) LoggerFactory.getLogger(ImplausibleValues.class);
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        implausibleLog.addAppender(logged);
    }

    @AfterEach
    void tearDown() throws Exception {
        implausibleLog.detachAppender(logged);
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    /** A device tool gone mad: 250 % busy, -40 W, 10,000 °C, infinite memory, SM activity NaN... then -5 %. */
    private static final class BrokenDevice implements DeviceSource {
        private final Accelerator gpu =
                new Accelerator("GPU-broken-0", Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81_559, 0, false, List.of());

        @Override
        public String name() {
            return "broken-smi";
        }

        @Override
        public void start() {}

        @Override
        public List<Accelerator> accelerators() {
            return List.of(gpu);
        }

        @Override
        public GpuReading reading(String uuid) {
            long now = System.currentTimeMillis();
            return new GpuReading(
                    now,
                    now % 2 == 0 ? 250f : -5f,
                    101f,
                    Float.POSITIVE_INFINITY,
                    -40f,
                    700f,
                    10_000f,
                    Float.NaN,
                    1980f,
                    0,
                    0,
                    0,
                    0,
                    0);
        }

        @Override
        public SourceHealth health() {
            return new SourceHealth(name());
        }

        @Override
        public void close() {}
    }

    private static NodeSource nodeWithBrokenDevice(BrokenDevice device) {
        var identity = new NodeIdentity(HOST, "SN1", "site", "hall-1", "R01", "A", 10, 2, 40, "batch", "");
        return new NodeSource(
                HOST, identity, INTERVAL_MS, List.of(device), null, SchedulerView.fixed(SchedulerState.IDLE));
    }

    private int serve(TelemetrySource source) throws Exception {
        var publisher = new TelemetryPublisher(source, 100, InstantSource.system());
        var host = new AgentHost(publisher, new NoOperations("read only"), InstantSource.system());
        open.add(publisher);
        open.add(host);
        host.serve(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        publisher.start();
        return host.port();
    }

    private record Console(FleetState fleet, AgentConnection connection) {}

    private Console console(int port) {
        var endpoint = new AgentEndpoint("127.0.0.1", port);
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        var client = new FleetClient(
                        List.of(endpoint),
                        fleet,
                        new ConnectionBoard(List.of(endpoint.toString())),
                        ClientOptions.defaults("absurd-test"))
                .start();
        open.add(client);
        return new Console(fleet, client.connections().getFirst());
    }

    private List<String> warningsFrom(String source) {
        return logged.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith(source))
                .toList();
    }

    private static void assertUnavailableOnTheConsole(FleetTelemetry t) {
        assertThat(t.utilizationPct(0)).as("utilization 250 %% / -5 %%").isNaN();
        assertThat(t.smActivePct(0)).as("SM activity 101 %%").isNaN();
        assertThat(t.powerW(0)).as("power -40 W").isNaN();
        assertThat(t.gpuTempC(0)).as("10,000 °C").isNaN();
        assertThat(t.memoryUsedMib(0)).as("infinite memory").isNaN();
        assertThat(t.memoryTempC(0)).as("NaN stays unavailable").isNaN();
        assertThat(t.powerLimitW(0))
                .as("a plausible value next to them is kept")
                .isEqualTo(700f);
        assertThat(t.smClockMhz(0)).isEqualTo(1980f);
    }

    @Test
    void aDeviceToolSendingGarbageIsServedAsUnavailableAndLoggedOncePerKind() throws Exception {
        var device = new BrokenDevice();
        NodeSource node = nodeWithBrokenDevice(device);
        Console console = console(serve(node));
        int samples = 20 * ReliabilityRow.repetitions();
        await(samples + " batches of the broken GPU")
                .atMost(LIMIT)
                .until(() -> console.connection().batchesReceived() >= samples
                        && console.fleet().current().sampleTime(0) > 0);

        assertUnavailableOnTheConsole(console.fleet().current());
        ImplausibleValues counted = node.implausible(device);
        for (Kind kind : ABSURD) {
            assertThat(counted.count(kind)).as("%s counted per sample", kind).isGreaterThanOrEqualTo(samples / 2);
        }
        assertThat(counted.count(Kind.POWER_LIMIT)).isZero();
        assertThat(counted.count(Kind.MEMORY_TEMPERATURE))
                .as("NaN is unavailable, not implausible")
                .isZero();
        List<String> lines = warningsFrom("broken-smi");
        assertThat(lines).as("one line per kind, not per sample").hasSize(ABSURD.size());
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).contains("power", "-40.0 W", "0 to 5000 W", "counted, not logged"));
        assertThat(console.connection().implausibleValues())
                .as("the console got NaN, nothing to clamp")
                .isZero();

        new ReliabilityRow(
                        "samples-from-device",
                        "absurd values from a device tool in the agent: utilization 250 % and "
                                + "-5 %, SM activity 101 %, power -40 W, 10,000 °C, infinite memory, NaN",
                        (int) console.connection().batchesReceived(),
                        "served as unavailable (NaN), plausible fields of the same sample kept; " + counted.total()
                                + " values counted in " + ABSURD.size() + " kinds, " + lines.size() + " log lines",
                        "(the console shows them as unavailable)",
                        "-")
                .write();
    }

    @Test
    void anAgentServingGarbageIsShownAsUnavailableByTheConsoleAndLoggedOncePerKind() throws Exception {
        // An agent without the checks above: it writes the broken device's values straight into what it serves.
        var device = new BrokenDevice();
        NodeSource inventoryOnly = nodeWithBrokenDevice(device);
        var sample = new SampleBuffer();
        TelemetrySource careless = new TelemetrySource() {
            @Override
            public Inventory inventory() {
                return inventoryOnly.inventory();
            }

            @Override
            public int intervalMs() {
                return INTERVAL_MS;
            }

            @Override
            public void tick(long timeMillis, FleetTelemetry target) {
                if (target.layout().gpuCount() == 0) {
                    target.publish(0);
                    return;
                }
                target.writeAccelerator(0, device.reading("GPU-broken-0").writeTo(sample.clear()));
                target.writeNode(0, timeMillis, SchedulerState.IDLE, 1);
                target.writeRack(0, timeMillis, 9_999f, -273f, -3f);
                target.publish(1);
            }
        };
        int port = serve(careless);
        Console console = console(port);
        int samples = 20 * ReliabilityRow.repetitions();
        await(samples + " batches of the broken GPU")
                .atMost(LIMIT)
                .until(() -> console.connection().batchesReceived() >= samples
                        && console.fleet().current().sampleTime(0) > 0);

        FleetTelemetry t = console.fleet().current();
        assertUnavailableOnTheConsole(t);
        assertThat(t.rackInletC(0)).as("rack inlet 9,999 °C").isNaN();
        assertThat(t.rackOutletC(0)).as("rack outlet -273 °C").isNaN();
        assertThat(t.rackPowerKw(0)).as("rack power -3 kW").isNaN();
        ImplausibleValues counted = console.connection().implausible();
        for (Kind kind : ABSURD) {
            assertThat(counted.count(kind)).as("%s counted per sample", kind).isGreaterThanOrEqualTo(samples / 2);
        }
        assertThat(counted.count(Kind.RACK_TEMPERATURE)).isGreaterThanOrEqualTo(samples);
        String source = "agent 127.0.0.1:" + port;
        List<String> lines = warningsFrom(source);
        assertThat(lines).as("one line per kind, not per sample").hasSize(ABSURD.size() + 2);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("GPU temperature", "10000.0 °C", "-50 to 200 °C"));

        new ReliabilityRow(
                        "samples-from-agent",
                        "an agent serving absurd values as they are (the GPU values above, "
                                + "rack inlet 9,999 °C, outlet -273 °C, rack power -3 kW)",
                        (int) console.connection().batchesReceived(),
                        "shown by the console as unavailable (NaN); " + counted.total() + " values counted in "
                                + (ABSURD.size() + 2) + " kinds, " + lines.size() + " log lines",
                        "(the console: other agents unaffected)",
                        "-")
                .write();
    }
}

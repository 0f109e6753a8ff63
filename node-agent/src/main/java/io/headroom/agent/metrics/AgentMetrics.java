package io.headroom.agent.metrics;

import io.headroom.agent.audit.AuditStatus;
import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.reclaim.SendCounts;
import io.headroom.agent.source.RackReading;
import io.headroom.agent.source.SourceHealth;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IntegerReading;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Rack;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToLongFunction;

/**
 * The agent's own {@code /metrics} in the Prometheus exposition format, written by the
 * Prometheus Java client: the latest value of every GPU and MIG instance it serves (read from
 * the same table the gRPC stream is cut from, at scrape time, so nothing is copied per
 * sample), the rack's sensors, and counters of how each source is doing. Values a device
 * cannot measure are left out rather than exported as 0.
 */
public final class AgentMetrics implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AgentMetrics.class);
    // rack and hall on every series, so that Prometheus can sum and join by rack across agents.
    private static final String[] GPU_LABELS = {"hostname", "rack", "hall", "gpu", "uuid", "gpu_instance"};
    private static final String[] RACK_LABELS = {"rack", "hostname", "hall"};
    private static final double MIB = 1024 * 1024;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Supplier<FleetTelemetry> latest;
    private HTTPServer server;

    /**
     * @param rack the rack's sensors, or null when the agent has none
     */
    public AgentMetrics(Supplier<FleetTelemetry> latest, List<SourceHealth> sources, Supplier<RackReading> rack) {
        this(latest, sources, rack, () -> null);
    }

    /**
     * @param rack  the rack's sensors, or null when the agent has none
     * @param audit how the audit file is doing; null from the supplier when the agent keeps none
     */
    public AgentMetrics(
            Supplier<FleetTelemetry> latest,
            List<SourceHealth> sources,
            Supplier<RackReading> rack,
            Supplier<AuditStatus> audit) {
        this(latest, sources, rack, audit, java.time.InstantSource.system());
    }

    /**
     * @param rack  the rack's sensors, or null when the agent has none
     * @param audit how the audit file is doing; null from the supplier when the agent keeps none
     * @param clock what "now" is when each GPU's idle state is judged (stale, held idle)
     */
    public AgentMetrics(
            Supplier<FleetTelemetry> latest,
            List<SourceHealth> sources,
            Supplier<RackReading> rack,
            Supplier<AuditStatus> audit,
            java.time.InstantSource clock) {
        this.latest = latest;
        auditMetrics(audit);
        GpuStateMetrics.register(registry, latest, clock);
        gpu(
                "headroom_gpu_utilization_percent",
                "GPU utilization (%); absent under MIG, where the driver has none",
                FleetTelemetry::utilizationPct);
        gpu(
                "headroom_gpu_sm_active_percent",
                "Graphics engine / SM activity (%), the activity figure under MIG",
                FleetTelemetry::smActivePct);
        gpuBytes("headroom_gpu_memory_used_bytes", "Memory in use", FleetTelemetry::memoryUsedMib);
        // A total no source has reported yet is 0 in the inventory: absent here, not "0 bytes".
        gpuBytes(
                "headroom_gpu_memory_total_bytes",
                "Memory on the GPU or MIG instance",
                (t, s) -> t.layout().memoryTotalMib(s) > 0 ? t.layout().memoryTotalMib(s) : Double.NaN);
        gpu("headroom_gpu_power_watts", "Power draw", FleetTelemetry::powerW);
        gpu("headroom_gpu_power_limit_watts", "Power limit", FleetTelemetry::powerLimitW);
        gpu("headroom_gpu_temperature_celsius", "GPU temperature", FleetTelemetry::gpuTempC);
        gpu("headroom_gpu_memory_temperature_celsius", "Memory temperature", FleetTelemetry::memoryTempC);
        gpu("headroom_gpu_sm_clock_hertz", "SM clock", (t, s) -> t.smClockMhz(s) * 1e6);
        gpu(
                "headroom_gpu_clock_event_reasons",
                "Active clock event (throttle) reasons, NVML bitmask",
                (t, s) -> measured(t, s, IntegerReading.THROTTLE_REASONS, t.throttleReasons(s)));
        gpu(
                "headroom_gpu_last_xid",
                "Last XID error reported, 0 for none",
                (t, s) -> measured(t, s, IntegerReading.LAST_XID, t.lastXid(s)));
        gpu(
                "headroom_gpu_ecc_uncorrectable_errors",
                "Uncorrectable ECC errors since the driver loaded",
                (t, s) -> measured(t, s, IntegerReading.ECC_UNCORRECTABLE, t.eccUncorrectable(s)));
        gpu(
                "headroom_gpu_remapped_row_failures",
                "1 when row remapping has failed",
                (t, s) -> measured(t, s, IntegerReading.REMAPPED_ROW_FAILURES, t.remappedRowFailures(s)));
        if (rack != null) {
            rackGauge(
                    rack,
                    "headroom_rack_inlet_celsius",
                    "Hottest inlet air temperature the rack's BMCs report",
                    r -> r.inletC());
            rackGauge(
                    rack,
                    "headroom_rack_outlet_celsius",
                    "Hottest exhaust air temperature the rack's BMCs report",
                    r -> r.outletC());
            rackGauge(
                    rack,
                    "headroom_rack_power_watts",
                    "Power drawn by the servers whose BMCs are polled",
                    r -> r.powerKw() * 1000);
            rackGauge(rack, "headroom_rack_fans", "Fans the BMCs report", r -> r.fansTotal());
            rackGauge(
                    rack,
                    "headroom_rack_fans_failed",
                    "Fans whose health is not OK or that have stopped",
                    r -> r.fansFailed());
        }
        GaugeWithCallback.builder()
                .name("headroom_rack_power_budget_watts")
                .help("The rack's power budget, from the site's layout; absent when none is set")
                .labelNames("rack", "hall")
                .callback(callback -> {
                    FleetLayout layout = latest.get().layout();
                    for (int r = 0; r < layout.rackCount(); r++) {
                        Rack each = layout.rack(r);
                        if (each.powerBudgetKw() > 0) {
                            callback.call(each.powerBudgetKw() * 1000, each.id(), each.hallId());
                        }
                    }
                })
                .register(registry);
        sourceCounter(sources, "headroom_agent_source_readings", "Readings taken, by source", SourceHealth::readings);
        sourceCounter(
                sources,
                "headroom_agent_source_malformed",
                "Lines or documents that could not be read, by source",
                SourceHealth::malformed);
        sourceCounter(
                sources,
                "headroom_agent_source_failures",
                "Polls, scrapes or runs that failed as a whole, by source",
                SourceHealth::failures);
        sourceCounter(
                sources,
                "headroom_agent_source_restarts",
                "Times a device tool was started again, by source",
                SourceHealth::restarts);
        GaugeWithCallback.builder()
                .name("headroom_agent_source_backoff_seconds")
                .help("How long a source leaves its device alone before asking again (a crashed tool, a refused "
                        + "BMC login); 0 when it is not backing off")
                .labelNames("source")
                .callback(callback -> {
                    for (SourceHealth source : sources) {
                        callback.call(source.waiting().toMillis() / 1000.0, source.source());
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("headroom_agent_samples_published")
                .help("GPU samples published to consoles")
                .callback(c -> c.call((double) latest.get().samplesWritten()))
                .register(registry);
    }

    /** The audit file's health: an alert on interruptions or on writable 0 hears of a lost trail at once. */
    private void auditMetrics(Supplier<AuditStatus> audit) {
        GaugeWithCallback.builder()
                .name("headroom_agent_audit_records")
                .help("Number of the last record in the audit file")
                .callback(c -> ifKept(audit, s -> c.call((double) s.records())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("headroom_agent_audit_writable")
                .help("1 while the agent can continue its audit trail; 0 while it refuses operations because it cannot")
                .callback(c -> ifKept(audit, s -> c.call(s.writable() ? 1 : 0)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("headroom_agent_audit_file_intact")
                .help("1 when the file at audit.file is the one the agent writes, as long as it left it; 0 when it was "
                        + "deleted, replaced, truncated or written to by another program (the next operation is refused "
                        + "and a new segment started)")
                .callback(c -> ifKept(audit, s -> c.call(s.fileIntact() ? 1 : 0)))
                .register(registry);
        CounterWithCallback.builder()
                .name("headroom_agent_audit_interruptions")
                .help("Times the audit file was found deleted, replaced, truncated or written to by another program, "
                        + "or not ending where the agent left it when it started")
                .callback(c -> ifKept(audit, s -> c.call((double) s.interruptions())))
                .register(registry);
        CounterWithCallback.builder()
                .name("headroom_agent_audit_refusals_dropped")
                .help("Refusals counted but not written to the audit file, over the audit budget per caller")
                .callback(c -> ifKept(audit, s -> c.call((double) s.refusalsDropped())))
                .register(registry);
    }

    /**
     * Messages to owners through each webhook: {@code headroom_agent_webhook_sends_total{webhook, outcome, reason}},
     * outcome "sent" or "failed", reason "ok", "http_4xx", "http_429", "http_5xx", "refused" (a robot's error
     * code), "timeout" or "io". Called once, by the start-up that builds the webhook sender.
     */
    public void webhookSends(SendCounts counts) {
        CounterWithCallback.builder()
                .name("headroom_agent_webhook_sends")
                .help("Messages to workload owners through a webhook, by webhook, outcome and reason")
                .labelNames("webhook", "outcome", "reason")
                .callback(c -> counts.snapshot()
                        .forEach((series, count) ->
                                c.call((double) count, series.webhook(), series.outcome(), series.reason())))
                .register(registry);
    }

    private static void ifKept(Supplier<AuditStatus> audit, java.util.function.Consumer<AuditStatus> then) {
        AuditStatus status = audit.get();
        if (status != null) {
            then.accept(status);
        }
    }

    /** NaN (no series) for an integer reading the source could not measure: absent, not 0. */
    private static double measured(FleetTelemetry t, int slot, IntegerReading reading, long value) {
        return t.measured(slot, reading) ? value : Double.NaN;
    }

    private void gpu(String name, String help, ToDoubleBiFunction<FleetTelemetry, Integer> value) {
        gpu(name, help, value, true);
    }

    /**
     * MiB times 2^20 is exact in a double; the float rounding below would print 143,771 MiB as
     * 1.5075482E11 bytes, which reads back as 143,770.9999 MiB.
     */
    private void gpuBytes(String name, String help, ToDoubleBiFunction<FleetTelemetry, Integer> mib) {
        gpu(name, help, (t, s) -> mib.applyAsDouble(t, s) * MIB, false);
    }

    private void gpu(String name, String help, ToDoubleBiFunction<FleetTelemetry, Integer> value, boolean asFloat) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames(GPU_LABELS)
                .callback(callback -> {
                    FleetTelemetry telemetry = latest.get();
                    FleetLayout layout = telemetry.layout();
                    for (int slot = 0; slot < layout.slotCount(); slot++) {
                        if (telemetry.sampleTime(slot) == 0) {
                            continue;
                        }
                        double v = value.applyAsDouble(telemetry, slot);
                        if (Double.isNaN(v)) {
                            continue;
                        }
                        if (asFloat && Math.abs(v) < 1e12) {
                            // The table holds floats: print 433.78, not the 433.7799987792969 a widened float would
                            // show.
                            v = Double.parseDouble(Float.toString((float) v));
                        }
                        MigSlice slice = layout.slice(slot);
                        int node = layout.nodeOfSlot(slot);
                        Rack rack = layout.rack(layout.rackOfNode(node));
                        callback.call(
                                v,
                                layout.node(node).hostname(),
                                rack.id(),
                                rack.hallId(),
                                String.valueOf(layout.accelerator(slot).index()),
                                slice == null ? layout.accelerator(slot).uuid() : slice.uuid(),
                                slice == null ? "" : String.valueOf(slice.gpuInstanceId()));
                    }
                })
                .register(registry);
    }

    private void rackGauge(
            Supplier<RackReading> rack,
            String name,
            String help,
            java.util.function.ToDoubleFunction<RackReading> value) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames(RACK_LABELS)
                .callback(callback -> {
                    RackReading reading = rack.get();
                    FleetLayout layout = latest.get().layout();
                    if (reading != null && !Double.isNaN(value.applyAsDouble(reading)) && layout.nodeCount() > 0) {
                        // The rack this agent's node is in: an agent serves one node, whose BMCs these are.
                        Rack at = layout.rack(layout.rackOfNode(0));
                        callback.call(
                                value.applyAsDouble(reading),
                                at.id(),
                                layout.node(0).hostname(),
                                at.hallId());
                    }
                })
                .register(registry);
    }

    private void sourceCounter(
            List<SourceHealth> sources, String name, String help, ToLongFunction<SourceHealth> value) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames("source")
                .callback(callback -> {
                    for (SourceHealth source : sources) {
                        callback.call((double) value.applyAsLong(source), source.source());
                    }
                })
                .register(registry);
    }

    /** Where the configuration says to serve /metrics. */
    public static InetSocketAddress address(AgentConfig.Metrics settings) throws IOException {
        var address = new InetSocketAddress(settings.address(), settings.port());
        if (address.isUnresolved()) {
            throw new IOException("metrics.address: cannot resolve '" + settings.address() + "'");
        }
        return address;
    }

    /** Serves {@code /metrics} on {@code address} (port 0 picks a free one); returns the port. */
    public int start(InetSocketAddress address) throws IOException {
        try {
            server = HTTPServer.builder()
                    .inetAddress(address.getAddress())
                    .port(address.getPort())
                    .registry(registry)
                    .buildAndStart();
        } catch (java.net.BindException e) {
            throw new IOException(
                    "metrics port " + address.getPort() + " on " + address.getHostString()
                            + " is already in use; choose another with metrics.port",
                    e);
        }
        log.info("serving Prometheus /metrics on {}:{}", address.getHostString(), server.getPort());
        return server.getPort();
    }

    public int port() {
        return server == null ? -1 : server.getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}

package io.headroom.agent.exporter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.headroom.agent.simulator.FleetSimulator;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated fleet as dcgm-exporter {@code /metrics} endpoints on one HTTP port, so that a
 * Prometheus can watch the very fleet the simulator streams over gRPC: every value read from
 * the same telemetry table the gRPC batches are cut from, at scrape time. {@code /targets.json}
 * lists the endpoints for Prometheus's file-based service discovery.
 *
 * <p>Each page is written while the simulator is between ticks, so a node's rows come from
 * one tick (a tick of 100,000 GPUs holds the simulator for tens of milliseconds; a scrape
 * waits that long at most), into a buffer per serving thread that is reused, and sent with
 * its length, uncompressed: on loopback, compressing would cost the simulator more than it
 * saves anyone.
 */
public final class SimulatedDcgmExporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatedDcgmExporter.class);
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final int BACKLOG = 4096;

    static {
        // Prometheus keeps one connection per target open between scrapes; the JDK server's
        // default of 200 idle connections would close and reopen most of them every round.
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "20000");
        }
    }

    private record View(FleetLayout layout, ExporterLabels labels, ExporterEndpoints endpoints) {}

    private final FleetSimulator simulator;
    private final Supplier<FleetTelemetry> latest;
    private final EndpointGrouping grouping;
    private final HttpServer server;
    private final ExecutorService workers;
    private final ThreadLocal<ExpositionBuffer> buffers =
            ThreadLocal.withInitial(() -> new ExpositionBuffer(256 * 1024));
    private volatile View view;

    private SimulatedDcgmExporter(
            FleetSimulator simulator,
            Supplier<FleetTelemetry> latest,
            EndpointGrouping grouping,
            HttpServer server,
            ExecutorService workers) {
        this.simulator = simulator;
        this.latest = latest;
        this.grouping = grouping;
        this.server = server;
        this.workers = workers;
    }

    /**
     * Serves on {@code address} (port 0 picks a free one).
     *
     * @param latest the table the simulator writes and the gRPC stream is cut from
     * @throws IOException when the address is taken, naming it
     */
    public static SimulatedDcgmExporter start(
            FleetSimulator simulator,
            Supplier<FleetTelemetry> latest,
            EndpointGrouping grouping,
            InetSocketAddress address)
            throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(address, BACKLOG);
        } catch (BindException e) {
            throw new IOException(
                    "dcgm-exporter port " + address.getPort() + " on " + address.getHostString()
                            + " is already in use; choose another with --dcgm-port",
                    e);
        }
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        ExecutorService workers = Executors.newFixedThreadPool(
                threads, Thread.ofPlatform().name("dcgm-exporter-", 0).daemon().factory());
        var exporter = new SimulatedDcgmExporter(simulator, latest, grouping, server, workers);
        server.createContext("/", exporter::handle);
        server.setExecutor(workers);
        server.start();
        View view = exporter.viewOf(latest.get().layout());
        log.info(
                "serving the simulated fleet in dcgm-exporter format at {}:{}: {} endpoints, one per {}",
                address.getHostString(),
                exporter.port(),
                view.endpoints().all().size(),
                grouping);
        return exporter;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** How many endpoints the current inventory has. */
    public int endpointCount() {
        return viewOf(latest.get().layout()).endpoints().all().size();
    }

    public EndpointGrouping grouping() {
        return grouping;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, "only GET\n");
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            if ("/targets.json".equals(path)) {
                InetSocketAddress local = exchange.getLocalAddress();
                String host = local.getAddress().getHostAddress();
                String hostAndPort = (host.contains(":") ? "[" + host + "]" : host) + ":" + local.getPort();
                answer(
                        exchange,
                        200,
                        viewOf(latest.get().layout()).endpoints().fileSdJson(hostAndPort),
                        "application/json");
                return;
            }
            ExpositionBuffer page = buffers.get();
            page.clear();
            if (!write(path, page)) {
                answer(
                        exchange,
                        404,
                        "no endpoint at " + path + "; the simulator's endpoints are listed at /targets.json\n");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, page.length());
            page.writeTo(exchange.getResponseBody());
        }
    }

    /** Writes the page at {@code path}; false when there is none. */
    private boolean write(String path, ExpositionBuffer page) {
        boolean[] found = new boolean[1];
        while (true) {
            // Labels for a new inventory are built outside the simulator's lock; ticks go on meanwhile.
            View outside = viewOf(latest.get().layout());
            boolean[] current = new boolean[1];
            simulator.betweenTicks(() -> {
                FleetTelemetry table = latest.get();
                if (table.layout() != outside.layout()) {
                    return;
                }
                current[0] = true;
                ExporterEndpoints.Endpoint endpoint = outside.endpoints().at(path);
                if (endpoint != null) {
                    found[0] = true;
                    DcgmExposition.write(table, outside.labels(), endpoint.nodes(), page);
                }
            });
            if (current[0]) {
                return found[0];
            }
        }
    }

    private View viewOf(FleetLayout layout) {
        View known = view;
        if (known != null && known.layout() == layout) {
            return known;
        }
        View fresh = new View(layout, new ExporterLabels(layout), new ExporterEndpoints(layout, grouping));
        view = fresh;
        return fresh;
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        answer(exchange, status, text, "text/plain; charset=utf-8");
    }

    private static void answer(HttpExchange exchange, int status, String text, String contentType) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}

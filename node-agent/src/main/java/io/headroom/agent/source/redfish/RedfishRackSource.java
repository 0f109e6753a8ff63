package io.headroom.agent.source.redfish;

import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.config.AgentConfig.BmcHost;
import io.headroom.agent.source.Backoff;
import io.headroom.agent.source.RackReading;
import io.headroom.agent.source.RackSensorSource;
import io.headroom.agent.source.SourceException;
import io.headroom.agent.source.SourceHealth;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rack's air and power, from the BMCs of the servers in it. Every poll asks all BMCs at
 * once; the rack's inlet and outlet are the hottest any BMC reports (the hot spot is what an
 * operator acts on), its power the sum over all of them, given only when every BMC answered
 * (a partial sum would look like a drop in load).
 */
public final class RedfishRackSource implements RackSensorSource {

    private static final Logger log = LoggerFactory.getLogger(RedfishRackSource.class);
    private static final String NAME = "redfish";

    private final AgentConfig.Redfish settings;
    private final InstantSource clock;
    private final SourceHealth health = new SourceHealth(NAME);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("redfish-poll").factory());
    private final Set<String> failingHosts = new HashSet<>();
    private final List<Bmc> bmcs = new ArrayList<>();
    private volatile RackReading latest;

    public RedfishRackSource(AgentConfig.Redfish settings, InstantSource clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Checks the credentials file and every host's TLS settings, then polls; an unreachable BMC is not fatal. */
    @Override
    public void start() throws SourceException {
        BmcCredentials credentials = BmcCredentials.read(settings.credentialsFile());
        for (BmcHost host : settings.hosts()) {
            bmcs.add(new Bmc(host, credentials, Duration.ofMillis(settings.timeoutMs()), clock, Backoff.DEFAULT));
        }
        for (Bmc bmc : bmcs) {
            try {
                ServerIdentity server = bmc.identify();
                log.info(
                        "{}: {} is the BMC of {}",
                        NAME,
                        bmc.url(),
                        server == null ? "an unnamed system" : server.describe());
            } catch (IOException e) {
                // Counted as well as logged: a refused login here means the first poll leaves this BMC alone.
                health.failure(e.getMessage());
                failingHosts.add(bmc.url().toString());
                log.warn("{}: {}", NAME, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        poll();
        log.info("{}: {} BMCs, read every {} ms", NAME, bmcs.size(), settings.intervalMs());
        // Runs until close() shuts the executor down; nothing reads the future.
        var unusedPolling = timer.scheduleWithFixedDelay(
                this::poll, settings.intervalMs(), settings.intervalMs(), TimeUnit.MILLISECONDS);
    }

    /** One round over every BMC. Public for tests that drive time themselves. */
    public void poll() {
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ChassisReading>> answers = new ArrayList<>();
            for (Bmc bmc : bmcs) {
                // A BMC that refused the credentials is left alone until its backoff ends: it counts
                // as not answering (no partial power sum), but is not asked, so it cannot lock the account.
                answers.add(bmc.waiting().isZero() ? pool.submit(bmc::read) : null);
            }
            float inlet = Float.NaN;
            float outlet = Float.NaN;
            float watts = 0;
            boolean allPower = true;
            int fans = 0;
            int fansFailed = 0;
            int answered = 0;
            for (int i = 0; i < bmcs.size(); i++) {
                ChassisReading reading = answer(bmcs.get(i), answers.get(i));
                if (reading == null) {
                    allPower = false;
                    continue;
                }
                answered++;
                inlet = max(inlet, reading.inletC());
                outlet = max(outlet, reading.exhaustC());
                allPower &= !Float.isNaN(reading.powerW());
                watts += Float.isNaN(reading.powerW()) ? 0 : reading.powerW();
                fans += reading.fans();
                fansFailed += reading.fansFailed();
            }
            health.waiting(
                    bmcs.stream().map(Bmc::backoff).max(Duration::compareTo).orElse(Duration.ZERO));
            if (answered > 0) {
                latest = new RackReading(
                        clock.millis(), inlet, outlet, allPower ? watts / 1000f : Float.NaN, fans, fansFailed);
                health.reading();
                if (fansFailed > 0) {
                    log.warn("{}: {} of {} fans report a fault", NAME, fansFailed, fans);
                }
            }
        } catch (RuntimeException e) {
            log.error("{}: poll failed", NAME, e);
        }
    }

    private ChassisReading answer(Bmc bmc, Future<ChassisReading> answer) {
        String host = bmc.url().toString();
        if (answer == null) {
            return null; // backing off: its refusal is already the last problem and in the log
        }
        try {
            ChassisReading reading = answer.get();
            if (failingHosts.remove(host)) {
                log.info("{}: {} answers again", NAME, host);
            }
            return reading;
        } catch (java.util.concurrent.ExecutionException e) {
            String problem =
                    e.getCause() instanceof IOException ? e.getCause().getMessage() : String.valueOf(e.getCause());
            health.failure(problem);
            if (failingHosts.add(host)) {
                log.warn("{}: {}", NAME, problem);
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static float max(float a, float b) {
        return Float.isNaN(a) ? b : Float.isNaN(b) ? a : Math.max(a, b);
    }

    @Override
    public RackReading latest() {
        return latest;
    }

    @Override
    public SourceHealth health() {
        return health;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        bmcs.forEach(Bmc::close);
    }
}

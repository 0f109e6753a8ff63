package io.headroom.agent.node;

import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.config.ConfigException;
import io.headroom.agent.config.NotifySections;
import io.headroom.agent.incidents.IncidentNotice;
import io.headroom.agent.incidents.IncidentWatch;
import io.headroom.agent.incidents.IncidentWebhooks;
import io.headroom.agent.reclaim.SendCounts;
import io.headroom.agent.reclaim.WebhookSender;
import io.headroom.agent.source.SourceException;
import io.headroom.agent.source.SourceHealth;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.idle.IdleClassifier;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incidents of a node agent or of a relay's whole site (agent.yaml {@code alerts}): every
 * {@code interval_ms}, on a thread of its own and never on the sampling path, the console's rules
 * and grouping run over the table the agent serves; each incident that opens or resolves is queued for every webhook. Failures and
 * drops are on {@code /metrics} as source {@code incident-webhooks} (and the sends by webhook,
 * with the owner notices') and in the log.
 */
public final class IncidentAlerts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IncidentAlerts.class);

    private final IncidentWatch watch;
    private final IncidentWebhooks webhooks;
    private final Supplier<FleetTelemetry> fleet;
    private final InstantSource clock;
    private final Duration interval;
    private final SourceHealth health = new SourceHealth("incident-webhooks");
    private final Set<String> named = new HashSet<>();
    private ScheduledExecutorService timer;

    private IncidentAlerts(
            IncidentWatch watch,
            IncidentWebhooks webhooks,
            Supplier<FleetTelemetry> fleet,
            InstantSource clock,
            Duration interval) {
        this.watch = watch;
        this.webhooks = webhooks;
        this.fleet = fleet;
        this.clock = clock;
        this.interval = interval;
    }

    /**
     * Reads the webhooks' key and secret files now, so a bad one stops the agent at start; null
     * when agent.yaml has no alerts.
     *
     * @param fleet the table the agent (its node) or the relay (its whole site) serves
     * @param name  how messages name who saw the incidents: the node's hostname, the relay's name
     */
    public static IncidentAlerts of(
            AgentConfig config, Supplier<FleetTelemetry> fleet, SendCounts counts, String name, InstantSource clock)
            throws SourceException {
        AgentConfig.Alerts alerts = config.alerts();
        if (alerts.webhooks().isEmpty()) {
            return null;
        }
        try {
            var hooks = NotifySections.webhooks(new AgentConfig.Notify("", alerts.webhooks()));
            var sender = WebhookSender.standard(counts);
            var queues = new IncidentWebhooks(
                    hooks,
                    alerts.allowPlainHttp(),
                    sender,
                    IncidentWebhooks.Limits.DEFAULT,
                    wait -> Thread.sleep(wait),
                    clock);
            return new IncidentAlerts(
                    new IncidentWatch(new IdleClassifier(IdleThresholds.DEFAULTS), name),
                    queues,
                    fleet,
                    clock,
                    Duration.ofMillis(alerts.intervalMs()));
        } catch (ConfigException | IllegalArgumentException e) {
            throw new SourceException(config.file() + ": alerts: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new SourceException("no TLS for webhooks in this Java runtime: " + e.getMessage(), e);
        }
    }

    public SourceHealth health() {
        return health;
    }

    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("incident-alerts").factory());
        // Ended by the timer's shutdown; check() handles its own failures, so nothing waits on the future.
        var unusedChecks = timer.scheduleWithFixedDelay(
                this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One look: queue what opened and resolved, then put the webhooks' troubles on the health. */
    void check() {
        try {
            List<IncidentNotice> changes = watch.check(fleet.get(), clock.millis());
            changes.forEach(webhooks::offer);
            health.reading();
            for (String problem : webhooks.problems()) {
                if (named.add(problem)) {
                    health.failure(problem);
                }
            }
        } catch (RuntimeException e) {
            // A bad table must not stop the timer: say so and look again next time.
            log.warn("could not look for incidents: {}", e.toString());
            health.failure("could not look for incidents: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        webhooks.close();
    }
}

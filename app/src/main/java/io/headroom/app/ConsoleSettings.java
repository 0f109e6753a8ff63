package io.headroom.app;

import io.headroom.themes.Theme;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.security.ChannelSecurity;
import io.headroom.wire.security.SiteSecurity;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the console was asked to do, already checked: the command line turns into this, and
 * nothing past it sees raw strings.
 *
 * @param agents        agents and relays to connect to; empty means "embed a simulated fleet"
 * @param simulatedGpus size of the embedded simulated fleet
 * @param snapshot      save a PNG of the window here after {@code exitAfter}, then exit (null: do not)
 * @param exitAfter     quit by itself after this long (null: run until closed)
 * @param profileDirectory where the local store lives; null keeps nothing (in memory only)
 * @param security      how each agent is reached (TLS, client certificate, token), resolved and checked at start;
 *                      an agent missing here is reached by the default rule (plaintext on loopback only)
 * @param prometheus    the site's Prometheus or VictoriaMetrics, read for Idle by hour besides the local store;
 *                      null when none
 * @param alertmanager  the site's Alertmanager, whose alerts and silences the Alerts page shows; null when none
 */
public record ConsoleSettings(
        List<AgentEndpoint> agents,
        int simulatedGpus,
        long seed,
        Theme theme,
        boolean wall,
        Locale locale,
        Path snapshot,
        Duration exitAfter,
        Path profileDirectory,
        Map<AgentEndpoint, ChannelSecurity> security,
        URI prometheus,
        URI alertmanager) {

    public ConsoleSettings {
        agents = List.copyOf(agents);
        security = Map.copyOf(security);
    }

    /** No Alertmanager. */
    public ConsoleSettings(
            List<AgentEndpoint> agents,
            int simulatedGpus,
            long seed,
            Theme theme,
            boolean wall,
            Locale locale,
            Path snapshot,
            Duration exitAfter,
            Path profileDirectory,
            Map<AgentEndpoint, ChannelSecurity> security,
            URI prometheus) {
        this(
                agents,
                simulatedGpus,
                seed,
                theme,
                wall,
                locale,
                snapshot,
                exitAfter,
                profileDirectory,
                security,
                prometheus,
                null);
    }

    /** No site TSDB: history from the local store only. */
    public ConsoleSettings(
            List<AgentEndpoint> agents,
            int simulatedGpus,
            long seed,
            Theme theme,
            boolean wall,
            Locale locale,
            Path snapshot,
            Duration exitAfter,
            Path profileDirectory,
            Map<AgentEndpoint, ChannelSecurity> security) {
        this(agents, simulatedGpus, seed, theme, wall, locale, snapshot, exitAfter, profileDirectory, security, null);
    }

    /** Every agent reached by the default rule: plaintext to loopback addresses (the embedded fleet, tests). */
    public ConsoleSettings(
            List<AgentEndpoint> agents,
            int simulatedGpus,
            long seed,
            Theme theme,
            boolean wall,
            Locale locale,
            Path snapshot,
            Duration exitAfter,
            Path profileDirectory) {
        this(agents, simulatedGpus, seed, theme, wall, locale, snapshot, exitAfter, profileDirectory, Map.of());
    }

    /**
     * How to reach {@code endpoint}.
     *
     * @throws IllegalArgumentException for an agent off this machine with no TLS settings
     */
    public ChannelSecurity securityFor(AgentEndpoint endpoint) {
        ChannelSecurity given = security.get(endpoint);
        return given != null ? given : SiteSecurity.NONE.resolve(endpoint);
    }

    public boolean embedsSimulator() {
        return agents.isEmpty();
    }

    public static ConsoleSettings embedded(int gpus) {
        return new ConsoleSettings(
                List.of(), gpus, 42, Theme.LAPTOP_LIGHT, false, Locale.getDefault(), null, null, null);
    }
}

package io.headroom.app;

import io.headroom.client.AgentEndpoint;
import io.headroom.themes.Theme;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What the console was asked to do, already checked: the command line turns into this, and
 * nothing past it sees raw strings.
 *
 * @param agents        agents and relays to connect to; empty means "embed a simulated fleet"
 * @param simulatedGpus size of the embedded simulated fleet
 * @param snapshot      save a PNG of the window here after {@code exitAfter}, then exit (null: do not)
 * @param exitAfter     quit by itself after this long (null: run until closed)
 * @param profileDirectory where the local store lives; null keeps nothing (in memory only)
 */
public record ConsoleSettings(List<AgentEndpoint> agents, int simulatedGpus, long seed, Theme theme, boolean wall,
                              Locale locale, Path snapshot, Duration exitAfter, Path profileDirectory) {

    public ConsoleSettings {
        agents = List.copyOf(agents);
    }

    public boolean embedsSimulator() {
        return agents.isEmpty();
    }

    public static ConsoleSettings embedded(int gpus) {
        return new ConsoleSettings(List.of(), gpus, 42, Theme.LAPTOP_LIGHT, false, Locale.getDefault(), null, null, null);
    }
}

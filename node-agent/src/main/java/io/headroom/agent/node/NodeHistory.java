package io.headroom.agent.node;

import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.history.FleetHistory;
import io.headroom.agent.history.PastHistory;
import io.headroom.agent.history.keeper.HistoryKeeper;
import io.headroom.agent.server.TelemetryPublisher;
import io.headroom.agent.source.SourceException;
import java.io.IOException;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node's history keeper, fed by every round the publisher makes and answering its GetHistory. */
final class NodeHistory {

    private static final Logger log = LoggerFactory.getLogger(NodeHistory.class);

    private NodeHistory() {}

    /** The keeper wired into {@code publisher}, or null when history is off or its default folder unusable. */
    static HistoryKeeper wire(
            AgentConfig.History config, String hostname, TelemetryPublisher publisher, InstantSource clock)
            throws SourceException {
        if (!config.enabled()) {
            return null;
        }
        java.nio.file.Path stateDirectory = config.directory().getParent();
        if (!config.configured() && (stateDirectory == null || !java.nio.file.Files.isDirectory(stateDirectory))) {
            // Only the .deb's state directory (made by systemd) turns the default on: a developer's or a
            // test's agent writes nothing under /var/lib.
            String why = "history is off: " + stateDirectory + " does not exist (the .deb's state directory);"
                    + " set history.directory to keep it elsewhere";
            log.warn(why);
            publisher.answerHistoryFrom(FleetHistory.unavailable(why));
            return null;
        }
        HistoryKeeper keeper;
        try {
            keeper = HistoryKeeper.open(config.directory(), clock.millis());
        } catch (IOException | RuntimeException e) {
            String why = "cannot keep history in " + config.directory() + ": " + e.getMessage();
            if (config.configured()) {
                throw new SourceException(
                        why + " (history.directory must be a folder the agent can write, or set history.enabled:"
                                + " false)",
                        e);
            }
            log.warn("{}; this agent keeps no history (set history.directory to a folder it can write)", why);
            publisher.answerHistoryFrom(FleetHistory.unavailable(why));
            return null;
        }
        publisher.onRound((telemetry, timeMillis) -> keeper.onRound(telemetry, timeMillis, publisher.workloads()));
        publisher.answerHistoryFrom(new PastHistory(
                hostname, keeper, () -> publisher.latest().layout().inventory()));
        log.info("history kept in {}", keeper.directory());
        return keeper;
    }
}

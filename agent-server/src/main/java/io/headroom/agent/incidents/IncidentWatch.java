package io.headroom.agent.incidents;

import io.headroom.core.alerts.Alert;
import io.headroom.core.alerts.AlertRules;
import io.headroom.core.alerts.Incident;
import io.headroom.core.alerts.IncidentGrouping;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleClassifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's (or relay's) own incidents, from the fleet table it serves, with the console's
 * rules and grouping: the same alert maths in both places. Each check says which incidents
 * opened and which resolved since the last. Not thread safe: one caller, off the sampling path.
 */
public final class IncidentWatch {

    private record Open(IncidentNotice opened) {}

    private final IdleClassifier classifier;
    private final AlertRules rules;
    private final String agent;
    private Map<String, Open> open = new LinkedHashMap<>();

    /** @param agent how messages name who saw the incident: the agent's hostname or the relay's site */
    public IncidentWatch(IdleClassifier classifier, String agent) {
        this.classifier = classifier;
        this.rules = new AlertRules(classifier.thresholds());
        this.agent = agent;
    }

    /** The incidents that opened and resolved since the last check, openings first. */
    public List<IncidentNotice> check(FleetTelemetry telemetry, long nowMillis) {
        FleetSummary summary = FleetSummary.of(telemetry, classifier, nowMillis);
        List<Alert> alerts = rules.evaluate(telemetry, summary, nowMillis);
        List<Incident> incidents = IncidentGrouping.group(alerts);
        Map<String, Open> now = new LinkedHashMap<>();
        List<IncidentNotice> opened = new ArrayList<>();
        for (Incident incident : incidents) {
            Open was = open.get(incident.key());
            IncidentNotice notice = notice(IncidentNotice.Change.OPENED, incident, telemetry.layout(), nowMillis);
            if (was == null) {
                opened.add(notice);
            }
            now.put(incident.key(), new Open(notice));
        }
        List<IncidentNotice> changes = new ArrayList<>(opened);
        for (Map.Entry<String, Open> was : open.entrySet()) {
            if (!now.containsKey(was.getKey())) {
                IncidentNotice last = was.getValue().opened();
                changes.add(new IncidentNotice(
                        IncidentNotice.Change.RESOLVED,
                        last.incident(),
                        last.where(),
                        last.partWheres(),
                        agent,
                        nowMillis));
            }
        }
        open = now;
        return changes;
    }

    /** How many incidents are open now. */
    public int openCount() {
        return open.size();
    }

    private IncidentNotice notice(IncidentNotice.Change change, Incident incident, FleetLayout layout, long now) {
        List<String> parts =
                incident.parts().stream().map(part -> where(part, layout)).toList();
        return new IncidentNotice(change, incident, where(incident.cause(), layout), parts, agent, now);
    }

    static String where(Alert alert, FleetLayout layout) {
        if (alert.slot() != FleetLayout.NONE) {
            return layout.describe(alert.slot());
        }
        if (alert.kind().aboutRack()) {
            return "rack " + alert.subject();
        }
        return alert.subject();
    }
}

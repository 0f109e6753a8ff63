package io.headroom.app.alerts;

import io.headroom.client.alertmanager.ActiveAlert;
import io.headroom.client.alertmanager.AlertmanagerClient;
import io.headroom.client.alertmanager.AlertmanagerFailure;
import io.headroom.client.alertmanager.NewSilence;
import io.headroom.client.alertmanager.SilenceMatcher;
import io.headroom.views.alerts.SiteAlerts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The Alerts page's view of the site's Alertmanager, through the API v2 client; silences made as the operator. */
public final class AlertmanagerSiteAlerts implements SiteAlerts {

    private final AlertmanagerClient client;
    private final String operator;

    public AlertmanagerSiteAlerts(AlertmanagerClient client, String operator) {
        this.client = client;
        this.operator = operator;
    }

    @Override
    public String address() {
        return client.base().toString();
    }

    @Override
    public Reading read() throws InterruptedException {
        try {
            List<Alert> alerts = new ArrayList<>();
            for (ActiveAlert a : client.alerts()) {
                alerts.add(new Alert(
                        a.name(),
                        a.label("severity"),
                        where(a),
                        a.annotations().getOrDefault("summary", ""),
                        a.startsAt(),
                        a.silenced()));
            }
            alerts.sort(Comparator.comparing(Alert::silenced)
                    .thenComparingInt(a -> severityRank(a.severity()))
                    .thenComparing(Alert::since, Comparator.reverseOrder()));
            List<Silence> silences = new ArrayList<>();
            for (io.headroom.client.alertmanager.Silence s : client.silences()) {
                if (s.active()) {
                    silences.add(new Silence(
                            s.matchers().stream().map(SilenceMatcher::toString).collect(Collectors.joining(", ")),
                            s.createdBy(),
                            s.comment(),
                            s.endsAt()));
                }
            }
            silences.sort(Comparator.comparing(Silence::endsAt));
            return new Reading(alerts, silences, null);
        } catch (AlertmanagerFailure e) {
            return new Reading(List.of(), List.of(), e.getMessage());
        }
    }

    @Override
    public String silence(Map<String, String> matchers, Instant until, String comment) throws InterruptedException {
        try {
            return client.createSilence(new NewSilence(
                    matchers.entrySet().stream()
                            .map(m -> SilenceMatcher.equal(m.getKey(), m.getValue()))
                            .toList(),
                    Instant.now(),
                    until,
                    operator,
                    comment));
        } catch (AlertmanagerFailure e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static int severityRank(String severity) {
        return switch (severity) {
            case "critical" -> 0;
            case "warning" -> 1;
            default -> 2;
        };
    }

    /** hostname GPU n (rack), or the rack and hall, or the instance: what the alert's labels say. */
    private static String where(ActiveAlert a) {
        StringBuilder where = new StringBuilder();
        if (!a.label("hostname").isEmpty()) {
            where.append(a.label("hostname"));
            if (!a.label("gpu").isEmpty()) {
                where.append(" GPU ").append(a.label("gpu"));
            }
        } else if (!a.label("instance").isEmpty()) {
            where.append(a.label("instance"));
        }
        if (!a.label("rack").isEmpty()) {
            where.append(where.isEmpty() ? "" : " · ").append(a.label("rack"));
        }
        return where.toString();
    }
}

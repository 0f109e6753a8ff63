package io.headroom.client.alertmanager;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An alert Alertmanager has from Prometheus (or vmalert).
 *
 * @param state      {@code active}, {@code suppressed} (silenced or inhibited) or {@code unprocessed}
 * @param silencedBy the ids of the silences that hold it quiet
 */
public record ActiveAlert(
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        String state,
        List<String> silencedBy) {

    public ActiveAlert {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        silencedBy = List.copyOf(silencedBy);
    }

    public String name() {
        return labels.getOrDefault("alertname", "");
    }

    public String label(String name) {
        return labels.getOrDefault(name, "");
    }

    public boolean silenced() {
        return !silencedBy.isEmpty();
    }
}

package io.headroom.views.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The site's Alertmanager as the Alerts page sees it: the alerts it holds and its silences, and a silence made from
 * an incident. Every call blocks on the network: call it off the FX thread.
 */
public interface SiteAlerts {

    /** One alert Alertmanager holds. */
    record Alert(String name, String severity, String where, String summary, Instant since, boolean silenced) {}

    /** One active silence: its matchers as {@code name="value"} text. */
    record Silence(String matchers, String createdBy, String comment, Instant endsAt) {}

    /** What was read, or why nothing was: {@code failure} names the URL and the cause, null when read. */
    record Reading(List<Alert> alerts, List<Silence> silences, String failure) {

        public Reading {
            alerts = List.copyOf(alerts);
            silences = List.copyOf(silences);
        }
    }

    /** Where Alertmanager is, for the page. */
    String address();

    Reading read() throws InterruptedException;

    /**
     * Silences the alerts whose labels equal all of {@code matchers} from now until {@code until}.
     *
     * @return the silence's id
     * @throws IllegalStateException naming the URL and the cause when Alertmanager did not take it
     */
    String silence(Map<String, String> matchers, Instant until, String comment) throws InterruptedException;
}

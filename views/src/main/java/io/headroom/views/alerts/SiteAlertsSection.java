package io.headroom.views.alerts;

import io.headroom.core.alerts.Alert;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.views.Messages;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Below the incidents: what the site's Alertmanager holds for the fleet (its alerts and active silences), read off
 * the FX thread every 15 s, with what went wrong named on the page; and a button that silences the selected incident
 * there, matching its GPU's hostname and uuid, its node's hostname, or its rack.
 */
final class SiteAlertsSection extends VBox {

    static final Duration REFRESH = Duration.ofSeconds(15);
    static final Duration SILENCE_FOR = Duration.ofHours(2);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm");

    private final SiteAlerts site;
    private final Messages messages;
    private final Label status = new Label();
    private final ListView<String> alerts = new ListView<>();
    private final ListView<String> silences = new ListView<>();
    private final ScheduledExecutorService reader;

    SiteAlertsSection(
            SiteAlerts site, Messages messages, Supplier<List<IncidentRow>> selected, Supplier<FleetLayout> layout) {
        this.site = site;
        this.messages = messages;
        getStyleClass().add("hr-site-alerts");
        setId("site-alerts");
        Label title = new Label(messages.format("alert.site.title", site.address()));
        title.getStyleClass().add("hr-view-title");
        status.setId("site-alerts-status");
        status.getStyleClass().add("hr-bar-text");
        status.setText(messages.get("alert.site.reading"));
        Button silence = new Button(messages.get("alert.site.silence"));
        silence.setId("site-alerts-silence");
        silence.setMinWidth(Region.USE_PREF_SIZE);
        silence.setOnAction(event -> silence(selected.get(), layout.get()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(title, status, spacer, silence);
        bar.getStyleClass().add("hr-view-bar");
        alerts.setId("site-alerts-list");
        alerts.setPlaceholder(new Label(messages.get("alert.site.no-alerts")));
        silences.setId("site-silences-list");
        silences.setPlaceholder(new Label(messages.get("alert.site.no-silences")));
        alerts.setPrefHeight(150);
        silences.setPrefHeight(150);
        HBox.setHgrow(alerts, Priority.ALWAYS);
        HBox.setHgrow(silences, Priority.ALWAYS);
        alerts.setPrefWidth(700);
        silences.setPrefWidth(400);
        getChildren().addAll(bar, new HBox(8, alerts, silences));
        reader = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("alertmanager-reader").factory());
        // Ended by the reader's shutdown; read() shows its own failures, so nothing waits on the future.
        var unusedReads = reader.scheduleWithFixedDelay(this::read, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops reading for good. */
    void dispose() {
        reader.shutdownNow();
    }

    /** On the reader thread: one reading, painted once on the FX thread. */
    private void read() {
        try {
            SiteAlerts.Reading reading = site.read();
            Platform.runLater(() -> show(reading));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            String text = messages.format("alert.site.failed", String.valueOf(e.getMessage()));
            Platform.runLater(() -> status.setText(text));
        }
    }

    /** FX thread. */
    void show(SiteAlerts.Reading reading) {
        if (reading.failure() != null) {
            status.setText(messages.format("alert.site.failed", reading.failure()));
            return;
        }
        ZoneId zone = ZoneId.systemDefault();
        alerts.getItems()
                .setAll(reading.alerts().stream()
                        .map(a -> messages.format(
                                a.silenced() ? "alert.site.alert-silenced" : "alert.site.alert",
                                a.severity(),
                                a.name(),
                                a.where(),
                                a.summary(),
                                TIME.format(a.since().atZone(zone))))
                        .toList());
        silences.getItems()
                .setAll(reading.silences().stream()
                        .map(s -> messages.format(
                                "alert.site.silence-line",
                                s.matchers(),
                                TIME.format(s.endsAt().atZone(zone)),
                                s.createdBy(),
                                s.comment()))
                        .toList());
        status.setText(messages.format(
                "alert.site.read",
                reading.alerts().size(),
                reading.silences().size(),
                TIME.format(Instant.now().atZone(zone))));
    }

    private void silence(List<IncidentRow> picked, FleetLayout layout) {
        if (picked.size() != 1 || layout == null) {
            status.setText(messages.get("alert.site.pick-one"));
            return;
        }
        IncidentRow incident = picked.getFirst();
        Map<String, String> matchers = matchers(incident.jumpTarget(), layout);
        if (matchers.isEmpty()) {
            status.setText(messages.get("alert.site.pick-one"));
            return;
        }
        String comment = messages.format("alert.site.comment", incident.kindText(), incident.where());
        Instant until = Instant.now().plus(SILENCE_FOR);
        status.setText(messages.get("alert.site.silencing"));
        reader.execute(() -> {
            String text;
            try {
                site.silence(matchers, until, comment);
                text = messages.format("alert.site.silenced", matchers.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                text = messages.format("alert.site.failed", String.valueOf(e.getMessage()));
            }
            String said = text;
            Platform.runLater(() -> status.setText(said));
            read();
        });
    }

    /** The labels Headroom's alerting rules put on the incident's alerts: a GPU's, a node's or a rack's. */
    static Map<String, String> matchers(Alert alert, FleetLayout layout) {
        Map<String, String> matchers = new LinkedHashMap<>();
        if (!alert.kind().aboutRack() && alert.nodeIndex() != FleetLayout.NONE) {
            matchers.put("hostname", layout.node(alert.nodeIndex()).hostname());
            if (alert.slot() != FleetLayout.NONE) {
                int gpu = layout.isSlice(alert.slot()) ? layout.parentGpuSlot(alert.slot()) : alert.slot();
                matchers.put("uuid", layout.accelerator(gpu).uuid());
            }
        } else if (alert.rackIndex() != FleetLayout.NONE) {
            matchers.put("rack", layout.rack(alert.rackIndex()).id());
        }
        return matchers;
    }
}

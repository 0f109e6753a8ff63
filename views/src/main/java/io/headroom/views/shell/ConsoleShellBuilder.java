package io.headroom.views.shell;

import io.headroom.core.alerts.AlertAcknowledgements;
import io.headroom.core.alerts.InMemoryAcknowledgements;
import io.headroom.core.alerts.InMemorySilences;
import io.headroom.core.alerts.IncidentSilences;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.workload.FleetWorkloads;
import io.headroom.views.operations.NoOperations;
import io.headroom.views.operations.OperationsDesk;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a {@link ConsoleShell} is built from, each part named; from {@link ConsoleShell#builder}.
 * Left unset, a part is the laptop console's plainest: the system clock, the JVM's locale,
 * acknowledgements kept for this session only, no language switch, no operations and no history.
 */
public final class ConsoleShellBuilder {

    final FleetState fleet;
    final IdleClassifier classifier;
    final ConnectionBoard board;
    InstantSource clock = InstantSource.system();
    Locale locale = Locale.getDefault();
    boolean wall;
    AlertAcknowledgements acknowledgements = new InMemoryAcknowledgements();
    IncidentSilences silences = new InMemorySilences(System.getProperty("user.name", "operator"));
    Consumer<Locale> onLocale = picked -> {};
    OperationsDesk operations = new NoOperations();
    ConsoleHistory history = ConsoleHistory.NONE;
    FleetWorkloads workloads = new FleetWorkloads();
    io.headroom.core.showback.UsageHistory usage;
    io.headroom.views.showback.ShowbackPdf showbackPdf = io.headroom.views.showback.ShowbackPdf.NONE;
    io.headroom.views.alerts.SiteAlerts siteAlerts;
    /** Null: the shell's own, forgotten with it. */
    io.headroom.core.alerts.AlertRules alertRules;

    ConsoleShellBuilder(FleetState fleet, IdleClassifier classifier, ConnectionBoard board) {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.board = Objects.requireNonNull(board, "board");
    }

    /** What "now" is for staleness and ages; the frame clock still paces the refreshes. */
    public ConsoleShellBuilder clock(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** The language and number formats; to switch, build a new shell. */
    public ConsoleShellBuilder locale(Locale locale) {
        this.locale = Objects.requireNonNull(locale, "locale");
        return this;
    }

    /** A NOC wall: the overview, racks and alerts in rotation, with no menus and never a dialog. */
    public ConsoleShellBuilder wall(boolean wall) {
        this.wall = wall;
        return this;
    }

    /** Where acknowledged alerts are kept. */
    public ConsoleShellBuilder acknowledgements(AlertAcknowledgements acknowledgements) {
        this.acknowledgements = Objects.requireNonNull(acknowledgements, "acknowledgements");
        return this;
    }

    /** Where silenced incidents are kept (and audited). */
    public ConsoleShellBuilder silences(IncidentSilences silences) {
        this.silences = Objects.requireNonNull(silences, "silences");
        return this;
    }

    /** Called with the language the operator picks from the menu; the app rebuilds the shell in it. */
    public ConsoleShellBuilder onLocale(Consumer<Locale> onLocale) {
        this.onLocale = Objects.requireNonNull(onLocale, "onLocale");
        return this;
    }

    /**
     * Where operations go (dialogs, outbox, audit): the operations page and the action buttons,
     * never on the wall. A {@link NoOperations} desk, the default, offers neither.
     */
    public ConsoleShellBuilder operations(OperationsDesk operations) {
        this.operations = Objects.requireNonNull(operations, "operations");
        return this;
    }

    /** The store's idle history and card-hours: the "Idle by hour" page (not on the wall) and the card-hour tile. */
    public ConsoleShellBuilder history(ConsoleHistory history) {
        this.history = Objects.requireNonNull(history, "history");
        return this;
    }

    /**
     * Who holds each GPU, as the agents report it: the Idle holders page (not on the wall). Left
     * unset, no agent reports any and the page says so.
     */
    public ConsoleShellBuilder workloads(FleetWorkloads workloads) {
        this.workloads = Objects.requireNonNull(workloads, "workloads");
        return this;
    }

    /**
     * The fleet's past by tenant, account, user, pool and model: the Showback page and File →
     * Export report… (not on the wall). Left unset, neither is offered.
     */
    public ConsoleShellBuilder usage(io.headroom.core.showback.UsageHistory usage) {
        this.usage = Objects.requireNonNull(usage, "usage");
        return this;
    }

    /** How the one-page PDF report is written (PDFBox, in the app); left unset, a PDF export says it cannot. */
    public ConsoleShellBuilder showbackPdf(io.headroom.views.showback.ShowbackPdf pdf) {
        this.showbackPdf = Objects.requireNonNull(pdf, "pdf");
        return this;
    }

    /** The site's Alertmanager, shown on the Alerts page (not on the wall). Left unset, the page shows none. */
    public ConsoleShellBuilder siteAlerts(io.headroom.views.alerts.SiteAlerts alertmanager) {
        this.siteAlerts = Objects.requireNonNull(alertmanager, "alertmanager");
        return this;
    }

    /**
     * What the console has seen raised, and since when (each alert's "For" age). Give every shell
     * of one console the same rules, so that a language switch, which builds a new shell, keeps
     * the ages. Left unset, the shell has its own.
     */
    public ConsoleShellBuilder alertRules(io.headroom.core.alerts.AlertRules rules) {
        this.alertRules = Objects.requireNonNull(rules, "rules");
        return this;
    }

    /** The shell, on the FX thread. */
    public ConsoleShell build() {
        return new ConsoleShell(this);
    }
}

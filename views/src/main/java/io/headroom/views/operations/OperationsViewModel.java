package io.headroom.views.operations;

import io.headroom.views.Messages;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Operations page without its controls: the outbox's operations and the audit log as lines
 * in the operator's words and language, filtered by where an operation stands and by a search
 * over server, who, what and why; the counts at the top (waiting, needs you); and the whole
 * story of a picked line for the detail pane. The desk's answers come in whole; a line is
 * rebuilt only when its row changed. FX thread; javafx.base only: tested without a toolkit.
 */
public final class OperationsViewModel {

    private final Messages messages;
    private final OperationWords words;
    private final DateTimeFormatter time;
    /** The tables' times: the year is noise in a list of the last 200, and the detail has it. */
    private final DateTimeFormatter shortTime;

    private final ObservableList<OperationLine> operations = FXCollections.observableArrayList();
    private final FilteredList<OperationLine> visibleOperations = new FilteredList<>(operations);
    private final ObservableList<AuditLine> audit = FXCollections.observableArrayList();
    private final FilteredList<AuditLine> visibleAudit = new FilteredList<>(audit);
    private final ObjectProperty<OperationStage> stage = new SimpleObjectProperty<>();
    private final StringProperty search = new SimpleStringProperty("");
    private final ReadOnlyIntegerWrapper waiting = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper needsYou = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper counts = new ReadOnlyStringWrapper();
    private List<OperationRow> rowsShown = List.of();
    private List<AuditRow> auditShown = List.of();
    private Instant shownAt = Instant.MIN;

    public OperationsViewModel(Messages messages, ZoneId zone) {
        this.messages = messages;
        this.words = new OperationWords(messages);
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
        this.shortTime = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(zone);
        stage.subscribe(this::refilter);
        search.subscribe(this::refilter);
        counts.set(messages.get("operations.counts.reading"));
    }

    /** The operations that pass the filters, newest first. */
    public ObservableList<OperationLine> operations() {
        return visibleOperations;
    }

    /** The audit entries that pass the search, newest first. */
    public ObservableList<AuditLine> audit() {
        return visibleAudit;
    }

    /** Which operations to list: null for all of them. */
    public ObjectProperty<OperationStage> stageFilterProperty() {
        return stage;
    }

    /** Words to find in the server, who, what, why or result of both lists; blank for everything. */
    public StringProperty searchProperty() {
        return search;
    }

    /** Operations the outbox has yet to deliver (queued or sending). */
    public ReadOnlyIntegerProperty waitingProperty() {
        return waiting.getReadOnlyProperty();
    }

    /** Operations waiting for an operator: a conflict or a refusal. */
    public ReadOnlyIntegerProperty needsYouProperty() {
        return needsYou.getReadOnlyProperty();
    }

    /** "2 waiting · 1 needs you", for the top of the page. */
    public ReadOnlyStringProperty countsProperty() {
        return counts.getReadOnlyProperty();
    }

    /**
     * Takes the outbox's newest operations, newest first, as the desk read them at {@code now}.
     *
     * @return whether the lines changed
     */
    public boolean showOperations(List<OperationRow> rows, Instant now) {
        // A waiting line says when the outbox tries again ("in 40 s"): that moves with the clock.
        boolean clockMatters = rows.stream().anyMatch(r -> r.state().equals("QUEUED"));
        if (rows.equals(rowsShown) && (!clockMatters || now.equals(shownAt))) {
            return false;
        }
        rowsShown = List.copyOf(rows);
        shownAt = now;
        int queued = 0;
        int decide = 0;
        List<OperationLine> lines = new ArrayList<>(rows.size());
        for (OperationRow row : rows) {
            OperationLine line = line(row, now);
            queued += line.stage() == OperationStage.WAITING ? 1 : 0;
            decide += line.stage() == OperationStage.NEEDS_YOU ? 1 : 0;
            lines.add(line);
        }
        waiting.set(queued);
        needsYou.set(decide);
        if (rows.isEmpty()) {
            counts.set(messages.get("operations.counts.none"));
        } else if (queued == 0 && decide == 0) {
            counts.set(messages.get("operations.counts.settled"));
        } else {
            counts.set(messages.format("operations.counts", messages.integer(queued), messages.integer(decide)));
        }
        if (!lines.equals(operations)) {
            operations.setAll(lines);
        }
        // The audit's "what" comes from these operations where it can.
        if (!auditShown.isEmpty()) {
            List<AuditRow> again = auditShown;
            auditShown = List.of();
            showAudit(again);
        }
        return true;
    }

    /**
     * Takes the audit log's newest entries, newest first.
     *
     * @return whether the lines changed
     */
    public boolean showAudit(List<AuditRow> rows) {
        if (rows.equals(auditShown)) {
            return false;
        }
        auditShown = List.copyOf(rows);
        Map<String, OperationRow> byKey = new HashMap<>();
        for (OperationRow row : rowsShown) {
            byKey.put(row.key(), row);
        }
        List<AuditLine> lines = new ArrayList<>(rows.size());
        for (AuditRow row : rows) {
            lines.add(new AuditLine(
                    row,
                    shortTime.format(row.at()),
                    row.actor(),
                    auditAction(row, byKey.get(row.operationKey())),
                    row.target(),
                    row.reason(),
                    auditResult(row.result())));
        }
        if (!lines.equals(audit)) {
            audit.setAll(lines);
        }
        return true;
    }

    /** The whole of an operation, for the detail pane: nothing cut short, ready to copy. */
    public String detail(OperationLine line) {
        OperationRow row = line.row();
        List<String> parts = new ArrayList<>();
        parts.add(messages.format("operations.detail.title", line.action(), line.server()));
        parts.add(messages.format("operations.detail.state", line.state()));
        parts.add(messages.format("operations.detail.queued", time.format(row.createdAt()), line.requester()));
        parts.add(messages.format("operations.detail.why", orNone(line.reason())));
        parts.add(messages.format("operations.detail.attempts", line.attempts())
                + (line.nextTry().isEmpty() ? "" : " \u00b7 " + line.nextTry()));
        parts.add("");
        parts.add(messages.get("operations.detail.answer"));
        parts.add(line.answer().isEmpty() ? messages.get("operations.answer.none") : line.answer());
        if (line.stage() == OperationStage.NEEDS_YOU) {
            parts.add("");
            parts.add(messages.get("operations.detail.decide"));
        }
        parts.add("");
        parts.add(messages.format("operations.detail.key", row.key()));
        return String.join("\n", parts);
    }

    /** The whole of an audit entry, for the detail pane. */
    public String detail(AuditLine line) {
        List<String> parts = new ArrayList<>();
        parts.add(messages.format("audit.detail.title", line.action(), line.target()));
        parts.add(messages.format("audit.detail.when", time.format(line.row().at()), line.actor()));
        parts.add(messages.format("operations.detail.why", orNone(line.reason())));
        parts.add(messages.format("audit.detail.result", line.result()));
        if (!line.detail().isEmpty()) {
            parts.add("");
            parts.add(messages.get("audit.detail.particulars"));
            parts.add(line.detail());
        }
        parts.add("");
        parts.add(messages.format("audit.detail.entry", line.row().seq()));
        if (!line.row().operationKey().isEmpty()) {
            parts.add(messages.format("operations.detail.key", line.row().operationKey()));
        }
        return String.join("\n", parts);
    }

    private OperationLine line(OperationRow row, Instant now) {
        OperationStage stage = OperationStage.of(row.state());
        return new OperationLine(
                row,
                stage,
                shortTime.format(row.createdAt()),
                row.hostname(),
                words.action(row.action()),
                row.requester(),
                row.reason(),
                stateText(row.state()),
                messages.integer(row.attempts()),
                nextTry(row, now),
                words.answer(row.answerStatus(), row.answerMessage()));
    }

    /** An outbox state in words; one the bundles do not know reads as recorded. */
    private String stateText(String state) {
        String key = "operations.state." + state.toLowerCase(Locale.ROOT);
        return messages.has(key) ? messages.get(key) : state;
    }

    private String nextTry(OperationRow row, Instant now) {
        if (!row.state().equals("QUEUED") || row.nextAttemptAt() == null) {
            return "";
        }
        if (!row.nextAttemptAt().isAfter(now)) {
            return messages.get("operations.next-try.now");
        }
        // Rounded up: "in 0 s" for a try 400 ms away would read as "now".
        long millis = Duration.between(now, row.nextAttemptAt()).toMillis();
        return messages.format("operations.next-try.in", messages.age(((millis + 999) / 1000) * 1000));
    }

    /**
     * What an audit entry did: an operation the outbox still lists in the same words as its
     * table, the log's fixed phrases translated, anything else as it was recorded.
     */
    private String auditAction(AuditRow row, OperationRow operation) {
        if (operation != null) {
            return words.action(operation.action());
        }
        String key = switch (row.action()) {
            case "drain" -> "operation.drain";
            case "resume" -> "operation.resume";
            case "silence incident" -> "audit.action.silence";
            case "lift silence" -> "audit.action.lift";
            case "trusted the agent's audit trail as it is now" -> "audit.action.trusted";
            default -> "";
        };
        return key.isEmpty() ? row.action() : messages.get(key);
    }

    /** A result the log records by name (APPLIED, IN_PROGRESS, SILENCED) in words. */
    private String auditResult(String result) {
        String key = "audit.result." + result.toLowerCase(Locale.ROOT).replace('_', '-');
        return messages.has(key) ? messages.get(key) : result;
    }

    private String orNone(String text) {
        return text.isBlank() ? messages.get("value.none") : text;
    }

    private void refilter() {
        String needle = search.get() == null ? "" : search.get().strip().toLowerCase(messages.locale());
        OperationStage only = stage.get();
        Predicate<OperationLine> operation = line -> (only == null || line.stage() == only)
                && matches(needle, line.server(), line.requester(), line.action(), line.reason(), line.answer());
        visibleOperations.setPredicate(operation);
        visibleAudit.setPredicate(line -> matches(
                needle, line.target(), line.actor(), line.action(), line.reason(), line.result(), line.detail()));
    }

    private boolean matches(String needle, String... fields) {
        return needle.isEmpty()
                || Stream.of(fields)
                        .anyMatch(f -> f.toLowerCase(messages.locale()).contains(needle));
    }
}

package io.headroom.views.showback;

import io.headroom.core.showback.Showback;
import io.headroom.core.showback.ShowbackGrouping;
import io.headroom.core.showback.ShowbackLine;
import io.headroom.core.showback.ShowbackPeriod;
import io.headroom.core.showback.ShowbackRange;
import io.headroom.core.showback.UsageAnswer;
import io.headroom.core.showback.UsageHistory;
import io.headroom.core.showback.UsageQuery;
import io.headroom.core.showback.UsageUnavailableException;
import io.headroom.views.Messages;
import java.time.InstantSource;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Showback page without the toolkit: the chosen grouping, period and range, the fleet's
 * answer turned into lines, and what to say about it. A new choice cancels the request still
 * out; answers are handed over on {@code fx} (the FX thread in the console, the caller's in
 * tests), and only the latest request's answer is shown.
 */
public final class ShowbackViewModel {

    private final UsageHistory usage;
    private final Messages messages;
    private final InstantSource clock;
    private final Executor fx;
    private final ObjectProperty<ShowbackGrouping> grouping = new SimpleObjectProperty<>(ShowbackGrouping.TENANT);
    private final ObjectProperty<ShowbackPeriod> period = new SimpleObjectProperty<>(ShowbackPeriod.DAY);
    private final ObjectProperty<ShowbackRange> range = new SimpleObjectProperty<>(new ShowbackRange(7));
    private final ObservableList<ShowbackLine> lines = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper gaps = new ReadOnlyStringWrapper("");
    private final ObjectProperty<Showback> showback = new SimpleObjectProperty<>();
    private CompletableFuture<UsageAnswer> pending;
    private long request;

    public ShowbackViewModel(UsageHistory usage, Messages messages, InstantSource clock, Executor fx) {
        this.usage = usage;
        this.messages = messages;
        this.clock = clock;
        this.fx = fx;
    }

    public ObjectProperty<ShowbackGrouping> grouping() {
        return grouping;
    }

    public ObjectProperty<ShowbackPeriod> period() {
        return period;
    }

    public ObjectProperty<ShowbackRange> range() {
        return range;
    }

    /** Period by period, and within one by held idle, most first. */
    public ObservableList<ShowbackLine> lines() {
        return lines;
    }

    public ReadOnlyStringProperty status() {
        return status.getReadOnlyProperty();
    }

    /** The agents and nodes that could not account for part of the range, or empty. */
    public ReadOnlyStringProperty gaps() {
        return gaps.getReadOnlyProperty();
    }

    /** The last answer shown, for exports; null before the first. */
    public ObjectProperty<Showback> showback() {
        return showback;
    }

    public ShowbackText text() {
        return new ShowbackText(messages, grouping.get());
    }

    /** Asks the fleet again for the chosen grouping and range; the previous request is cancelled. */
    public void reload() {
        if (pending != null) {
            pending.cancel(true);
        }
        long mine = ++request;
        ShowbackGrouping by = grouping.get();
        ShowbackPeriod per = period.get();
        UsageQuery query = range.get().query(clock.instant(), by);
        status.set(messages.get("showback.loading"));
        CompletableFuture<UsageAnswer> fetching;
        try {
            fetching = usage.fetch(query);
        } catch (RuntimeException e) {
            fetching = CompletableFuture.failedFuture(e);
        }
        pending = fetching;
        // The callback shows the answer or the failure; the derived future adds nothing to watch.
        var unusedShown = fetching.whenComplete((answer, failure) -> fx.execute(() -> {
            if (mine != request) {
                return;
            }
            pending = null;
            if (failure != null) {
                if (!(failure instanceof CancellationException)) {
                    status.set(messages.format("showback.failed", reason(failure)));
                }
                return;
            }
            Showback built = Showback.of(answer, per);
            showback.set(built);
            lines.setAll(built.lines());
            status.set(
                    built.lines().isEmpty()
                            ? messages.get("showback.empty")
                            : messages.format(
                                    "showback.loaded",
                                    built.byKey().size(),
                                    messages.oneDecimal(built.total().allocated()),
                                    messages.share(built.total().heldIdleShare())));
            gaps.set(gapText(built));
        }));
    }

    private String gapText(Showback built) {
        var named = built.answer().gaps();
        if (named.isEmpty()) {
            return "";
        }
        var first = named.getFirst();
        return messages.format("showback.gaps", named.size(), first.who(), first.reason());
    }

    static String reason(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof UsageUnavailableException) {
            return cause.getMessage();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** Cancels the request still out. */
    public void close() {
        request++;
        if (pending != null) {
            pending.cancel(true);
            pending = null;
        }
    }
}

package io.headroom.views.connection;

import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.AgentStatus;
import io.headroom.views.Messages;
import java.time.Instant;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * What the connection bar says: online, degraded or offline; how many agents answer; how
 * old the newest data is; which agents fail, why, and when they are tried again. Updated
 * at least once a second, because ages and retry countdowns move without new data.
 */
public final class ConnectionBarViewModel {

    private final Messages messages;
    private final ReadOnlyObjectWrapper<LinkState> link = new ReadOnlyObjectWrapper<>(LinkState.CONNECTING);
    private final ReadOnlyStringWrapper linkText = new ReadOnlyStringWrapper();
    private final ReadOnlyIntegerWrapper reachable = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper unreachable = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper agentsText = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper dataAgeText = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper dataStale = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper unreachableText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper unreachableDetails = new ReadOnlyStringWrapper("");

    public ConnectionBarViewModel(Messages messages) {
        this.messages = messages;
        linkText.set(messages.get("link.connecting"));
        dataAgeText.set(messages.get("data.none"));
    }

    public Messages messages() {
        return messages;
    }

    private final javafx.beans.property.ReadOnlyStringWrapper storeText =
            new javafx.beans.property.ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyStringWrapper storeDetails =
            new javafx.beans.property.ReadOnlyStringWrapper("");

    /**
     * What is wrong with the local store: a short line for the bar and, for its tooltip, the
     * store's own full account (paths, the driver's message).
     *
     * @param path the moved-aside file's new name for {@link StoreProblem#MOVED_ASIDE}; ignored otherwise
     */
    public void showStoreProblem(StoreProblem problem, String path, String details) {
        storeText.set(messages.format("store.problem", messages.format(problem.messageKey(), path)));
        storeDetails.set(messages.format("store.problem", details));
    }

    /** The store is fine: nothing to say. */
    public void showStoreOk() {
        storeText.set("");
        storeDetails.set("");
    }

    public ReadOnlyStringProperty storeTextProperty() {
        return storeText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty storeDetailsProperty() {
        return storeDetails.getReadOnlyProperty();
    }

    /**
     * Recounts the agents online and whether the fleet's data is stale.
     *
     * @param newestSampleMillis the newest sample time anywhere in the fleet, 0 when none
     * @param staleAfterMillis   data older than this is called out as stale
     */
    public void update(List<AgentStatus> statuses, long newestSampleMillis, long nowMillis, long staleAfterMillis) {
        int online = 0;
        StringBuilder details = new StringBuilder();
        String first = null;
        int failing = 0;
        for (AgentStatus status : statuses) {
            if (status.health() == AgentHealth.ONLINE) {
                online++;
            } else if (status.health() == AgentHealth.UNREACHABLE) {
                failing++;
                String line = describeFailure(status, nowMillis);
                first = first == null ? line : first;
                details.append(details.isEmpty() ? "" : "\n").append(line);
            }
        }
        int configured = statuses.size();
        LinkState state = configured > 0 && online == configured
                ? LinkState.ONLINE
                : online > 0
                        ? LinkState.DEGRADED
                        : failing > 0 || configured == 0 ? LinkState.OFFLINE : LinkState.CONNECTING;
        link.set(state);
        linkText.set(messages.get("link." + state.name().toLowerCase(java.util.Locale.ROOT)));
        reachable.set(online);
        unreachable.set(failing);
        agentsText.set(messages.format("agents.reachable", messages.integer(online), messages.integer(configured)));
        unreachableText.set(
                first == null
                        ? ""
                        : failing == 1
                                ? first
                                : messages.format("agents.unreachable.more", first, messages.integer(failing - 1)));
        unreachableDetails.set(details.toString());

        if (newestSampleMillis <= 0) {
            dataAgeText.set(messages.get("data.none"));
            dataStale.set(configured > 0 && state != LinkState.CONNECTING);
        } else {
            long age = nowMillis - newestSampleMillis;
            dataAgeText.set(messages.format("data.age", messages.age(age)));
            dataStale.set(age > staleAfterMillis);
        }
    }

    private String describeFailure(AgentStatus status, long nowMillis) {
        Instant retry = status.nextRetry();
        String when = retry == null
                ? messages.get("agents.retry.none")
                : retry.toEpochMilli() <= nowMillis
                        ? messages.get("agents.retry.now")
                        : messages.format("agents.retry.in", messages.age(retry.toEpochMilli() - nowMillis + 999));
        String error = status.lastError() == null || status.lastError().isBlank()
                ? messages.get("agents.error.unknown")
                : status.lastError();
        return messages.format("agents.unreachable.line", status.endpoint(), error, when);
    }

    public ReadOnlyObjectProperty<LinkState> linkProperty() {
        return link.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty linkTextProperty() {
        return linkText.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty reachableProperty() {
        return reachable.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty unreachableProperty() {
        return unreachable.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty agentsTextProperty() {
        return agentsText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty dataAgeTextProperty() {
        return dataAgeText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty dataStaleProperty() {
        return dataStale.getReadOnlyProperty();
    }
    /** The first failing agent in one line, with a count of the others. */
    public ReadOnlyStringProperty unreachableTextProperty() {
        return unreachableText.getReadOnlyProperty();
    }
    /** Every failing agent, one per line. */
    public ReadOnlyStringProperty unreachableDetailsProperty() {
        return unreachableDetails.getReadOnlyProperty();
    }
}

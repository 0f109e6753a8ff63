package io.headroom.views.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.AgentStatus;
import io.headroom.views.Messages;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ConnectionBarViewModelTest {

    private static final long NOW = 1_760_000_000_000L;
    private final ConnectionBarViewModel model = new ConnectionBarViewModel(new Messages(Locale.US));

    private static AgentStatus online(String endpoint) {
        return new AgentStatus(endpoint, AgentHealth.ONLINE, "", null, Instant.ofEpochMilli(NOW - 400), 32);
    }

    private static AgentStatus unreachable(String endpoint, String error, long retryInMillis) {
        return new AgentStatus(
                endpoint, AgentHealth.UNREACHABLE, error, Instant.ofEpochMilli(NOW + retryInMillis), null, 0);
    }

    @Test
    void allAgentsStreamingIsOnline() {
        model.update(List.of(online("a:7443"), online("b:7443")), NOW - 1_500, NOW, 3_000);

        assertThat(model.linkProperty().get()).isEqualTo(LinkState.ONLINE);
        assertThat(model.agentsTextProperty().get()).isEqualTo("2 of 2 agents reachable");
        assertThat(model.dataAgeTextProperty().get()).isEqualTo("Newest data 1 s ago");
        assertThat(model.dataStaleProperty().get()).isFalse();
        assertThat(model.unreachableTextProperty().get()).isEmpty();
    }

    @Test
    void someAgentsFailingIsDegradedAndNamesThemWithErrorAndRetry() {
        model.update(
                List.of(
                        online("a:7443"),
                        unreachable("b:7443", "connection refused", 4_200),
                        unreachable("c:7443", "deadline exceeded", 30_000)),
                NOW - 500,
                NOW,
                3_000);

        assertThat(model.linkProperty().get()).isEqualTo(LinkState.DEGRADED);
        assertThat(model.reachableProperty().get()).isEqualTo(1);
        assertThat(model.unreachableProperty().get()).isEqualTo(2);
        assertThat(model.unreachableTextProperty().get())
                .isEqualTo("b:7443: connection refused, retry in 5 s (+1 more)");
        assertThat(model.unreachableDetailsProperty().get().lines())
                .containsExactly(
                        "b:7443: connection refused, retry in 5 s", "c:7443: deadline exceeded, retry in 30 s");
    }

    @Test
    void noAgentStreamingIsOfflineAndOldDataIsCalledStale() {
        model.update(List.of(unreachable("a:7443", "no route to host", -1)), NOW - 125_000, NOW, 3_000);

        assertThat(model.linkProperty().get()).isEqualTo(LinkState.OFFLINE);
        assertThat(model.linkTextProperty().get()).isEqualTo("Offline");
        assertThat(model.unreachableTextProperty().get()).isEqualTo("a:7443: no route to host, retrying now");
        assertThat(model.dataAgeTextProperty().get()).isEqualTo("Newest data 2 min ago");
        assertThat(model.dataStaleProperty().get()).isTrue();
    }

    @Test
    void firstAttemptsUnderWayIsConnecting() {
        model.update(List.of(AgentStatus.connecting("a:7443")), 0, NOW, 3_000);

        assertThat(model.linkProperty().get()).isEqualTo(LinkState.CONNECTING);
        assertThat(model.dataAgeTextProperty().get()).isEqualTo("No data yet");
        assertThat(model.dataStaleProperty().get()).isFalse();
    }
}

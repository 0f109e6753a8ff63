package io.headroom.client.alertmanager;

import java.time.Instant;
import java.util.List;

/**
 * A silence Alertmanager holds.
 *
 * @param state {@code active}, {@code pending} (starts later) or {@code expired}
 */
public record Silence(
        String id,
        List<SilenceMatcher> matchers,
        Instant startsAt,
        Instant endsAt,
        String createdBy,
        String comment,
        String state) {

    public Silence {
        matchers = List.copyOf(matchers);
    }

    public boolean active() {
        return "active".equals(state);
    }
}

package io.headroom.client.alertmanager;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A silence to create: the alerts its matchers select stay quiet from {@code startsAt} to {@code endsAt}. */
public record NewSilence(
        List<SilenceMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {

    public NewSilence {
        matchers = List.copyOf(matchers);
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(comment, "comment");
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one matcher, or it would silence everything");
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("a silence must end after it starts: " + startsAt + " to " + endsAt);
        }
        if (createdBy.isBlank()) {
            throw new IllegalArgumentException("a silence needs the name of who created it");
        }
        if (comment.isBlank()) {
            throw new IllegalArgumentException("a silence needs a comment saying why");
        }
    }
}

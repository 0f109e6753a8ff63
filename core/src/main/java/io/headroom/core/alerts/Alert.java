package io.headroom.core.alerts;

import java.util.List;
import java.util.Objects;

/**
 * One condition that needs someone, as of one evaluation.
 *
 * @param subject     what it is about, stable across inventory changes: a GPU or slice UUID,
 *                    a hostname or a rack id
 * @param nodeIndex   the node to go to, or -1 for a rack alert
 * @param rackIndex   the rack, or -1 when the node has none
 * @param slot        the GPU or slice slot, or -1 for node and rack alerts
 * @param messageKey  the detail's pattern in the messages, formatted with {@code args}
 * @param sinceMillis when this console first saw the condition (for a stale node: its last sample)
 */
public record Alert(
        AlertKind kind,
        AlertSeverity severity,
        String subject,
        int nodeIndex,
        int rackIndex,
        int slot,
        String messageKey,
        List<Object> args,
        long sinceMillis) {

    public Alert {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(severity);
        Objects.requireNonNull(subject);
        args = List.copyOf(args);
    }

    /** Names the condition, not its occurrence: the same GPU too hot again has the same key. */
    public String key() {
        return kind.name() + ':' + subject;
    }
}

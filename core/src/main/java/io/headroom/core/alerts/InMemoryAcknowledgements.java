package io.headroom.core.alerts;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Acknowledgements for this session only, forgotten with the alerts they covered. */
public final class InMemoryAcknowledgements implements AlertAcknowledgements {

    private final Map<String, Long> sinceByKey = new HashMap<>();

    @Override
    public boolean isAcknowledged(Alert alert) {
        Long since = sinceByKey.get(alert.key());
        return since != null && since == alert.sinceMillis();
    }

    @Override
    public void acknowledge(Alert alert) {
        sinceByKey.put(alert.key(), alert.sinceMillis());
    }

    @Override
    public void retain(Set<String> raisedKeys) {
        sinceByKey.keySet().retainAll(raisedKeys);
    }
}

package io.headroom.agent.reclaim;

import java.net.URI;
import java.util.Map;

/** One POST to a webhook: where (with any signature the robot wants in the address), headers, JSON body. */
public record WebhookRequest(URI uri, Map<String, String> headers, String body) {

    public WebhookRequest {
        headers = Map.copyOf(headers);
    }
}

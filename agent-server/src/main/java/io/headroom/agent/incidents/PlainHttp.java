package io.headroom.agent.incidents;

import io.headroom.agent.reclaim.Webhook;
import java.net.URI;
import java.util.Locale;

/**
 * Whether a webhook address may be used: HTTPS always; plain HTTP only to this machine (a local
 * bridge) unless the operator allowed it explicitly, because the robot's key travels in the
 * address and the incident in the body.
 */
public final class PlainHttp {

    private PlainHttp() {}

    /**
     * Refuses a webhook over plain HTTP to another machine unless {@code allowed}.
     *
     * @throws IllegalArgumentException naming the webhook and what to do
     */
    public static void check(Webhook webhook, boolean allowed) {
        URI url = webhook.url();
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || (scheme.equals("http") && (allowed || isLoopback(url.getHost())))) {
            return;
        }
        if (scheme.equals("http")) {
            throw new IllegalArgumentException("webhook " + webhook.name() + ": " + webhook.maskedUrl()
                    + " is plain HTTP to another machine; use https://, or set alerts.allow_plain_http: true"
                    + " to send incidents unencrypted");
        }
        throw new IllegalArgumentException(
                "webhook " + webhook.name() + ": " + webhook.maskedUrl() + " is neither https:// nor http://");
    }

    /** By name or literal address only: no lookup that a hostile resolver could answer. */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }
}

package io.headroom.agent.reclaim;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One configured webhook: where owners of workloads in its pools are told.
 *
 * @param url    the full address, robot key included (read from a file only its owner may read)
 * @param secret the signing secret (DingTalk 加签, Feishu 签名校验, or the generic HMAC); null when none
 * @param pools  the pools (Slurm partitions, Kubernetes node pools or namespaces) it serves; "*" for any
 * @param tries   how many tries a message gets; 0 for the sender's default
 * @param timeout how long one try may take; null for the sender's default
 */
public record Webhook(
        String name,
        WebhookFormat format,
        URI url,
        String secret,
        NoticeLanguage language,
        Set<String> pools,
        int tries,
        Duration timeout) {

    public Webhook {
        pools = Set.copyOf(pools);
    }

    /** With the sender's tries and timeout. */
    public Webhook(
            String name, WebhookFormat format, URI url, String secret, NoticeLanguage language, Set<String> pools) {
        this(name, format, url, secret, language, pools, 0, null);
    }

    /** The address with its key hidden: safe for logs, answers and the audit trail. */
    public String maskedUrl() {
        return MaskedUrl.of(url);
    }

    /** {@code text} with the address and the secret replaced by their masked forms. */
    public String scrub(String text) {
        if (text == null) {
            return "";
        }
        String result = text.replace(url.toString(), maskedUrl());
        for (String hidden : hiddenParts()) {
            result = result.replace(hidden, "***");
        }
        return result;
    }

    private List<String> hiddenParts() {
        var parts = new java.util.ArrayList<String>();
        if (secret != null && !secret.isEmpty()) {
            parts.add(secret);
        }
        parts.addAll(MaskedUrl.secrets(url));
        return parts;
    }

    @Override
    public String toString() {
        return name + " (" + format.kind() + ", " + maskedUrl() + ")";
    }
}

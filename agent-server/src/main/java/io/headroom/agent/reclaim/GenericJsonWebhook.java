package io.headroom.agent.reclaim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import java.net.URI;
import java.util.HexFormat;
import java.util.Map;

/**
 * A JSON document for any receiver (a chat bridge, a ticket system, a script): the facts as
 * fields, unknown ones as null, and the message as text in the webhook's language. With a
 * secret, the body is signed: {@code X-Headroom-Signature: sha256=<hex HMAC-SHA256 of the body>}.
 */
public record GenericJsonWebhook() implements WebhookFormat {

    public static final String SIGNATURE_HEADER = "X-Headroom-Signature";

    @Override
    public String kind() {
        return "generic";
    }

    @Override
    public WebhookRequest request(
            ChatMessage message, NoticeLanguage language, URI url, String secret, long nowMillis) {
        String body = message.json(language).toString();
        Map<String, String> headers = secret == null
                ? Map.of()
                : Map.of(SIGNATURE_HEADER, "sha256=" + HexFormat.of().formatHex(HmacSha256.of(secret, body)));
        return new WebhookRequest(url, headers, body);
    }

    static ObjectNode body(OwnerNotice notice, NoticeLanguage language) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        Workload w = notice.workload();
        ObjectNode root = json.objectNode();
        root.put("event", "headroom.held_idle");
        ObjectNode workload = root.putObject("workload");
        workload.put("id", w.getId());
        workload.put("name", w.getName());
        workload.put("user", w.getUser());
        workload.put("account", w.getAccount());
        workload.put("pool", w.getPool());
        workload.put("namespace", w.getNamespace());
        workload.put("qos", w.getQos());
        root.put("owner", notice.owner());
        ArrayNode gpus = root.putArray("gpus");
        for (Holding gpu : notice.gpus()) {
            ObjectNode g = gpus.addObject();
            g.put("hostname", gpu.getHostname());
            g.put("gpu_index", gpu.getGpuIndex());
            if (gpu.hasGpuInstanceId()) {
                g.put("gpu_instance_id", gpu.getGpuInstanceId());
            }
        }
        if (notice.idleSince().isPresent()) {
            root.put("idle_since_ms", notice.idleSince().getAsLong());
        } else {
            root.putNull("idle_since_ms");
        }
        if (Double.isNaN(notice.gpuHoursIdle())) {
            root.putNull("gpu_hours_wasted");
        } else {
            root.put("gpu_hours_wasted", Math.round(notice.gpuHoursIdle() * 100) / 100.0);
        }
        UtilisationSummary u = notice.utilisation();
        if (u == null) {
            root.putNull("utilisation_last_hour");
        } else {
            ObjectNode last = root.putObject("utilisation_last_hour");
            last.put("sparkline", u.sparkline());
            last.put("min_pct", Math.round(u.minPct() * 10) / 10.0);
            last.put("avg_pct", Math.round(u.avgPct() * 10) / 10.0);
            last.put("max_pct", Math.round(u.maxPct() * 10) / 10.0);
        }
        root.put("note", notice.note());
        if (!notice.consoleLink().isEmpty()) {
            root.put("console_link", notice.consoleLink());
        }
        root.put("language", language.tag());
        root.put("text", NoticeText.plain(notice, language));
        root.put("sent_at_ms", notice.atMillis());
        return root;
    }
}

package io.headroom.agent.incidents;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.headroom.agent.reclaim.ChatMessage;
import io.headroom.agent.reclaim.NoticeLanguage;
import io.headroom.core.alerts.AlertKind;
import io.headroom.core.alerts.AlertSeverity;
import io.headroom.core.alerts.Incident;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An incident opening or resolving, as the on-call reads it in a chat group: what, where, how
 * bad, since when, and its parts. One message when it opens, one when it resolves.
 *
 * @param where      the incident's place in words ("gpu-h1-a03-n5 GPU 3", "rack h1-a03")
 * @param partWheres each part's place, in the order of the incident's parts
 * @param agent      the agent or relay that saw it
 */
public record IncidentNotice(
        Change change, Incident incident, String where, List<String> partWheres, String agent, long atMillis)
        implements ChatMessage {

    /** Whether the incident has just opened or has just resolved. */
    public enum Change {
        OPENED,
        RESOLVED
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    public IncidentNotice {
        partWheres = List.copyOf(partWheres);
        if (partWheres.size() != incident.count()) {
            throw new IllegalArgumentException("one place per part: " + partWheres + " for " + incident.key());
        }
    }

    @Override
    public String about() {
        return "the on-call of incident " + incident.key() + " ("
                + change.name().toLowerCase(Locale.ROOT) + ")";
    }

    @Override
    public String title(NoticeLanguage language) {
        boolean zh = language == NoticeLanguage.ZH_CN;
        String kind = kind(incident.cause().kind(), zh);
        return switch (change) {
            case OPENED ->
                (zh
                                ? "【" + severity(incident.severity(), true) + "】"
                                : "[" + severity(incident.severity(), false) + "] ")
                        + kind
                        + (zh ? ":" : ": ")
                        + where;
            case RESOLVED -> (zh ? "【已恢复】" : "[Resolved] ") + kind + (zh ? ":" : ": ") + where;
        };
    }

    @Override
    public List<String> lines(NoticeLanguage language) {
        boolean zh = language == NoticeLanguage.ZH_CN;
        List<String> lines = new ArrayList<>();
        lines.add((zh ? "首次发现:" : "First seen: ") + WHEN.format(Instant.ofEpochMilli(incident.firstSeenMillis())));
        if (change == Change.RESOLVED) {
            lines.add((zh ? "恢复时间:" : "Resolved at: ") + WHEN.format(Instant.ofEpochMilli(atMillis)));
        }
        lines.add((zh ? "告警数:" : "Alerts: ") + incident.count());
        for (int i = 0; i < incident.count(); i++) {
            lines.add("- " + kind(incident.parts().get(i).kind(), zh) + " · " + partWheres.get(i));
        }
        lines.add((zh ? "来源:" : "Seen by: ") + agent);
        return lines;
    }

    @Override
    public String plain(NoticeLanguage language) {
        return title(language) + "\n" + String.join("\n", lines(language));
    }

    @Override
    public String markdown(NoticeLanguage language) {
        StringBuilder text = new StringBuilder("### ").append(title(language)).append('\n');
        for (String line : lines(language)) {
            text.append(line.startsWith("- ") ? line : "> " + line).append('\n');
        }
        return text.toString();
    }

    @Override
    public ObjectNode json(NoticeLanguage language) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("event", change == Change.OPENED ? "headroom.incident.opened" : "headroom.incident.resolved");
        root.put("incident", incident.key());
        root.put("scope", incident.scope().name().toLowerCase(Locale.ROOT));
        root.put("subject", incident.subject());
        root.put("cause", incident.cause().kind().name().toLowerCase(Locale.ROOT));
        root.put("severity", incident.severity().name().toLowerCase(Locale.ROOT));
        root.put("where", where);
        root.put("first_seen_ms", incident.firstSeenMillis());
        root.put("count", incident.count());
        ArrayNode parts = root.putArray("parts");
        for (int i = 0; i < incident.count(); i++) {
            var part = incident.parts().get(i);
            parts.addObject()
                    .put("kind", part.kind().name().toLowerCase(Locale.ROOT))
                    .put("severity", part.severity().name().toLowerCase(Locale.ROOT))
                    .put("subject", part.subject())
                    .put("where", partWheres.get(i))
                    .put("since_ms", part.sinceMillis());
        }
        root.put("agent", agent);
        root.put("language", language.tag());
        root.put("text", plain(language));
        root.put("sent_at_ms", atMillis);
        return root;
    }

    static String severity(AlertSeverity severity, boolean zh) {
        return switch (severity) {
            case CRITICAL -> zh ? "严重" : "Critical";
            case WARNING -> zh ? "警告" : "Warning";
        };
    }

    /** The kind in words, as the console's alert page names it. */
    static String kind(AlertKind kind, boolean zh) {
        return switch (kind) {
            case GPU_HOT -> zh ? "GPU 温度超过降频点" : "GPU over slowdown temperature";
            case CRITICAL_XID -> zh ? "严重 XID" : "Critical XID";
            case ECC_UNCORRECTABLE -> zh ? "不可纠正 ECC 错误" : "Uncorrectable ECC errors";
            case GPU_MISSING -> zh ? "GPU 丢失" : "GPU missing";
            case NODE_STALE -> zh ? "节点未上报" : "Node not reporting";
            case RACK_INLET_HOT -> zh ? "机柜进风温度过高" : "Rack inlet too warm";
            case RACK_NEAR_BUDGET -> zh ? "机柜功率接近预算" : "Rack near power budget";
            case DEVICE_HEALTH -> zh ? "设备健康告警" : "Device health";
        };
    }
}

package io.headroom.agent.config;

import io.headroom.agent.config.AgentConfig.Alerts;
import io.headroom.agent.config.AgentConfig.WebhookEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code alerts} section of agent.yaml: the agent's own incidents sent to chat groups. Its
 * webhooks are written as those of {@code notify} (kind, url_file, secret_file, language,
 * message, timeout_ms, tries), without pools: every incident goes to every one.
 */
final class AlertSections {

    private AlertSections() {}

    static Alerts alerts(YamlMapping section) throws ConfigException {
        if (section == null) {
            return Alerts.UNSET;
        }
        section.allowOnly(Set.of("interval_ms", "allow_plain_http", "webhooks"));
        List<WebhookEntry> webhooks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlMapping entry : section.mappings("webhooks")) {
            WebhookEntry webhook = NotifySections.webhook(entry, false);
            if (!names.add(webhook.name())) {
                throw entry.error("name", "'" + webhook.name() + "' is listed twice");
            }
            webhooks.add(webhook);
        }
        if (webhooks.isEmpty()) {
            throw section.sectionError("needs webhooks: where the agent sends its incidents");
        }
        return new Alerts(
                section.integer("interval_ms", 5_000, 1_000, 600_000, "a number of milliseconds from 1000 to 600000"),
                section.bool("allow_plain_http", false),
                webhooks);
    }
}

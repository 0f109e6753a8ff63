package io.headroom.agent.config;

import io.headroom.agent.config.AgentConfig.HeldIdle;
import io.headroom.agent.config.AgentConfig.Notify;
import io.headroom.agent.config.AgentConfig.WebhookEntry;
import io.headroom.agent.reclaim.DingTalkRobot;
import io.headroom.agent.reclaim.Exemptions;
import io.headroom.agent.reclaim.FeishuRobot;
import io.headroom.agent.reclaim.GenericJsonWebhook;
import io.headroom.agent.reclaim.HeldIdleRule;
import io.headroom.agent.reclaim.MessageStyle;
import io.headroom.agent.reclaim.NoticeLanguage;
import io.headroom.agent.reclaim.SecretFile;
import io.headroom.agent.reclaim.WeComRobot;
import io.headroom.agent.reclaim.Webhook;
import io.headroom.agent.reclaim.WebhookFormat;
import io.headroom.agent.reclaim.WebhookRoutes;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code notify} (webhooks) and {@code held_idle} (policy) sections of agent.yaml. */
public final class NotifySections {

    static final List<String> KINDS = List.of("generic", "wecom", "dingtalk", "feishu");
    private static final int MINUTES_IN_A_WEEK = 7 * 24 * 60;
    private static final int MINUTES_IN_A_YEAR = 366 * 24 * 60;

    private NotifySections() {}

    static Notify notify(YamlMapping section) throws ConfigException {
        if (section == null) {
            return Notify.UNSET;
        }
        section.allowOnly(Set.of("console_link", "webhooks"));
        List<WebhookEntry> webhooks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlMapping entry : section.mappings("webhooks")) {
            WebhookEntry webhook = webhook(entry);
            if (!names.add(webhook.name())) {
                throw entry.error("name", "'" + webhook.name() + "' is listed twice");
            }
            webhooks.add(webhook);
        }
        return new Notify(section.string("console_link", "").strip(), webhooks);
    }

    private static WebhookEntry webhook(YamlMapping entry) throws ConfigException {
        return webhook(entry, true);
    }

    /**
     * One webhook entry; with {@code forPools} false (the incident webhooks, which get every
     * incident) it takes no pools, and a generic webhook's url may be plain http (refused later
     * unless allowed, for another machine).
     */
    static WebhookEntry webhook(YamlMapping entry, boolean forPools) throws ConfigException {
        Set<String> keys = new HashSet<>(Set.of(
                "name",
                "kind",
                "url",
                "url_file",
                "secret_file",
                "language",
                "message",
                "pools",
                "timeout_ms",
                "tries"));
        if (!forPools) {
            keys.remove("pools");
        }
        entry.allowOnly(keys);
        String name = entry.string("name", "").strip();
        if (name.isEmpty()) {
            throw entry.sectionError("needs a name (it names the webhook in answers, logs and /metrics)");
        }
        String kind = entry.choice("kind", "", KINDS);
        if (kind.isEmpty()) {
            throw entry.sectionError("needs a kind: " + String.join(", ", KINDS));
        }
        URI url = entry.url("url", null, true);
        Path urlFile = entry.path("url_file", true);
        if ((url == null) == (urlFile == null)) {
            throw entry.sectionError(
                    url == null
                            ? "needs url_file (a file only the agent's user can read, holding the address with its key)"
                                    + (kind.equals("generic") ? " or url" : "")
                            : "has both url and url_file; give one");
        }
        if (url != null && !kind.equals("generic")) {
            throw entry.error(
                    "url",
                    "holds the robot's key, which must not sit in agent.yaml; put the address in a file readable by the"
                            + " agent's user only and name it as url_file");
        }
        Path secretFile = entry.path("secret_file", true);
        if (secretFile != null && kind.equals("wecom")) {
            throw entry.error("secret_file", "is not used: WeCom robots sign nothing (the key is in the address)");
        }
        String language = entry.choice("language", kind.equals("generic") ? "en" : "zh-CN", List.of("zh-CN", "en"));
        String message = entry.choice("message", "rich", List.of("rich", "text"));
        List<String> pools = forPools ? entry.words("pools") : List.of(WebhookRoutes.ANY_POOL);
        if (pools.isEmpty()) {
            throw entry.sectionError("needs pools: the pools, partitions or namespaces it serves, or [\"*\"] for any");
        }
        return new WebhookEntry(
                entry.here(),
                name,
                kind,
                url,
                urlFile,
                secretFile,
                language,
                message,
                pools,
                entry.integer("timeout_ms", 10_000, 500, 60_000, "a number of milliseconds"),
                entry.integer("tries", 3, 1, 5, "a number of tries from 1 to 5"));
    }

    /**
     * The webhooks with their addresses and secrets read from their files.
     *
     * @throws ConfigException one line naming the file, the key and what is wrong (a file others can read, an
     *                         empty one, an address that is not https)
     */
    public static List<Webhook> webhooks(Notify notify) throws ConfigException {
        List<Webhook> webhooks = new ArrayList<>();
        for (WebhookEntry entry : notify.webhooks()) {
            URI url = entry.url();
            if (entry.urlFile() != null) {
                String text = secret(entry, "url_file", entry.urlFile());
                try {
                    url = new URI(text);
                } catch (URISyntaxException e) {
                    throw new ConfigException(entry.where() + ".url_file: " + entry.urlFile() + " does not hold a URL ("
                            + e.getReason() + ")");
                }
                if (!"https".equals(url.getScheme()) || url.getHost() == null) {
                    throw new ConfigException(entry.where() + ".url_file: " + entry.urlFile()
                            + " must hold an https:// address with a host (the robot's key travels in it)");
                }
            }
            String secret = entry.secretFile() == null ? null : secret(entry, "secret_file", entry.secretFile());
            MessageStyle style = entry.message().equals("text") ? MessageStyle.TEXT : MessageStyle.RICH;
            WebhookFormat format = switch (entry.kind()) {
                case "wecom" -> new WeComRobot(style);
                case "dingtalk" -> new DingTalkRobot(style);
                case "feishu" -> new FeishuRobot(style);
                default -> new GenericJsonWebhook();
            };
            webhooks.add(new Webhook(
                    entry.name(),
                    format,
                    url,
                    secret,
                    NoticeLanguage.ofTag(entry.language()),
                    new LinkedHashSet<>(entry.pools()),
                    entry.tries(),
                    Duration.ofMillis(entry.timeoutMs())));
        }
        return webhooks;
    }

    private static String secret(WebhookEntry entry, String key, Path file) throws ConfigException {
        try {
            return SecretFile.read(file);
        } catch (IOException e) {
            throw new ConfigException(entry.where() + "." + key + ": " + e.getMessage());
        }
    }

    static HeldIdle heldIdle(YamlMapping section) throws ConfigException {
        if (section == null) {
            return HeldIdle.UNSET;
        }
        section.allowOnly(Set.of("interval_ms", "state_file", "rules"));
        List<HeldIdleRule> rules = new ArrayList<>();
        Map<String, String> poolOwners = new LinkedHashMap<>();
        for (YamlMapping entry : section.mappings("rules")) {
            HeldIdleRule rule = rule(entry);
            for (String pool : rule.pools()) {
                String before = poolOwners.putIfAbsent(pool, entry.here());
                if (before != null) {
                    throw entry.error("pools", "names " + pool + ", which " + before + " already covers");
                }
            }
            rules.add(rule);
        }
        if (rules.isEmpty()) {
            throw section.sectionError("needs rules: at least one, with the pools it covers");
        }
        return new HeldIdle(
                section.integer("interval_ms", 60_000, 10_000, 3_600_000, "a number of milliseconds"),
                section.path("state_file", false),
                rules);
    }

    private static HeldIdleRule rule(YamlMapping entry) throws ConfigException {
        entry.allowOnly(Set.of(
                "pools",
                "below_pct",
                "warn_after_minutes",
                "warn_every_minutes",
                "reclaim_after_minutes",
                "auto_reclaim",
                "exempt",
                "note"));
        List<String> pools = entry.words("pools");
        if (pools.isEmpty()) {
            throw entry.sectionError("needs pools: the pools, partitions or namespaces it covers, or [\"*\"]");
        }
        double belowPct = entry.decimal("below_pct", 5, 0, "a utilisation in percent");
        if (belowPct <= 0 || belowPct > 100) {
            throw entry.error("below_pct", "must be above 0 and at most 100, was " + belowPct);
        }
        int warnAfter = entry.integer("warn_after_minutes", 30, 1, MINUTES_IN_A_WEEK, "a number of minutes");
        int warnEvery = entry.integer("warn_every_minutes", 24 * 60, 10, MINUTES_IN_A_YEAR, "a number of minutes");
        int reclaimAfter =
                entry.integer("reclaim_after_minutes", 0, 0, MINUTES_IN_A_YEAR, "a number of minutes (0 for never)");
        if (reclaimAfter != 0 && reclaimAfter < warnAfter) {
            throw entry.error(
                    "reclaim_after_minutes",
                    "is " + reclaimAfter + ", before warn_after_minutes (" + warnAfter
                            + "): the owner must be warned before the workload is reclaimed");
        }
        boolean autoReclaim = entry.bool("auto_reclaim", false);
        if (autoReclaim && reclaimAfter == 0) {
            throw entry.error("auto_reclaim", "needs reclaim_after_minutes: when is a workload reclaimed?");
        }
        return new HeldIdleRule(
                new LinkedHashSet<>(pools),
                (float) belowPct,
                Duration.ofMinutes(warnAfter),
                Duration.ofMinutes(warnEvery),
                reclaimAfter == 0 ? null : Duration.ofMinutes(reclaimAfter),
                autoReclaim,
                exemptions(entry.mapping("exempt")),
                entry.string("note", ""));
    }

    private static Exemptions exemptions(YamlMapping section) throws ConfigException {
        if (section == null) {
            return Exemptions.NONE;
        }
        section.allowOnly(Set.of("accounts", "partitions", "qos", "labels"));
        Map<String, String> labels = new LinkedHashMap<>();
        YamlMapping labelSection = section.mapping("labels");
        if (labelSection != null) {
            for (String key : labelSection.keys()) {
                labels.put(key, labelSection.string(key, "*"));
            }
        }
        return new Exemptions(
                Set.copyOf(section.words("accounts")),
                Set.copyOf(section.words("partitions")),
                Set.copyOf(section.words("qos")),
                labels);
    }

    /**
     * A pool the policy warns in must have a webhook to warn through; otherwise every warning
     * would be refused, round after round.
     */
    static void checkRulesHaveWebhooks(Notify notify, HeldIdle heldIdle, String file) throws ConfigException {
        Set<String> served = new HashSet<>();
        notify.webhooks().forEach(w -> served.addAll(w.pools()));
        if (served.contains(WebhookRoutes.ANY_POOL)) {
            return;
        }
        for (HeldIdleRule rule : heldIdle.rules()) {
            for (String pool : rule.pools()) {
                if (!served.contains(pool)) {
                    throw new ConfigException(file + ": held_idle.rules: pool " + pool
                            + " has no webhook to warn through; add it to the pools of one under notify.webhooks");
                }
            }
        }
    }
}

package io.headroom.agent.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headroom.agent.reclaim.DingTalkRobot;
import io.headroom.agent.reclaim.FeishuRobot;
import io.headroom.agent.reclaim.GenericJsonWebhook;
import io.headroom.agent.reclaim.MessageStyle;
import io.headroom.agent.reclaim.NoticeLanguage;
import io.headroom.agent.reclaim.RobotServer;
import io.headroom.agent.reclaim.RobotServer.Answer;
import io.headroom.agent.reclaim.SendCounts;
import io.headroom.agent.reclaim.WeComRobot;
import io.headroom.agent.reclaim.Webhook;
import io.headroom.agent.reclaim.WebhookFormat;
import io.headroom.agent.reclaim.WebhookSender;
import io.headroom.core.alerts.Alert;
import io.headroom.core.alerts.AlertKind;
import io.headroom.core.alerts.AlertSeverity;
import io.headroom.core.alerts.Incident;
import io.headroom.core.alerts.IncidentGrouping;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Incidents sent to each chat format on a loopback HTTPS robot: bodies, signatures, retries, drops, pace. */
class IncidentWebhooksTest {

    private static final long NOW = 1_760_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
    private static final String SECRET = "SEC000111222333444555666777888999aaabbbcccdddeeefff";

    @TempDir
    static Path dir;

    private static Path keystore;

    private RobotServer robot;
    private IncidentWebhooks webhooks;
    private final List<Duration> retryPauses = new CopyOnWriteArrayList<>();
    private final List<Duration> pacePauses = new CopyOnWriteArrayList<>();
    private final SendCounts counts = new SendCounts();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void certificate() throws Exception {
        keystore = RobotServer.keystore(dir);
    }

    @BeforeEach
    void start() throws Exception {
        robot = new RobotServer(keystore);
        logs.start();
        ((Logger) LoggerFactory.getLogger(IncidentWebhooks.class)).addAppender(logs);
        ((Logger) LoggerFactory.getLogger(WebhookSender.class)).addAppender(logs);
    }

    @AfterEach
    void stop() {
        if (webhooks != null) {
            webhooks.close();
        }
        robot.close();
        ((Logger) LoggerFactory.getLogger(IncidentWebhooks.class)).detachAppender(logs);
        ((Logger) LoggerFactory.getLogger(WebhookSender.class)).detachAppender(logs);
    }

    /** A GPU fallen off the bus: XID 79 and missing, one incident. */
    static IncidentNotice busLoss(IncidentNotice.Change change) {
        Alert xid = new Alert(
                AlertKind.CRITICAL_XID,
                AlertSeverity.CRITICAL,
                "GPU-a",
                3,
                1,
                28,
                "alert.detail.xid",
                List.of(79),
                NOW);
        Alert missing = new Alert(
                AlertKind.GPU_MISSING,
                AlertSeverity.CRITICAL,
                "GPU-a",
                3,
                1,
                28,
                "alert.detail.gpu-missing",
                List.of(),
                NOW);
        Incident incident = IncidentGrouping.group(List.of(xid, missing)).getFirst();
        return new IncidentNotice(
                change,
                incident,
                "gpu-h1-a03-n5 GPU 3",
                List.of("gpu-h1-a03-n5 GPU 3", "gpu-h1-a03-n5 GPU 3"),
                "gpu-h1-a03-n5",
                NOW);
    }

    private Webhook webhook(String name, WebhookFormat format, URI url, String secret, NoticeLanguage language) {
        return new Webhook(name, format, url, secret, language, Set.of("*"), 2, Duration.ofMillis(800));
    }

    private IncidentWebhooks start(List<Webhook> hooks, IncidentWebhooks.Limits limits) {
        WebhookSender sender = new WebhookSender(
                robot.clientTls(),
                new WebhookSender.Tries(2, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(2)),
                retryPauses::add,
                counts,
                InstantSource.fixed(Instant.ofEpochMilli(NOW)));
        webhooks = new IncidentWebhooks(
                hooks, false, sender, limits, pacePauses::add, InstantSource.fixed(Instant.ofEpochMilli(NOW)));
        return webhooks;
    }

    private IncidentWebhooks start(Webhook hook) {
        return start(List.of(hook), new IncidentWebhooks.Limits(8, Duration.ofSeconds(3)));
    }

    private void awaitReceived(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (robot.received.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(robot.received).hasSizeGreaterThanOrEqualTo(n);
    }

    private void awaitCount(String webhook, String outcome, String reason, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (counts.count(webhook, outcome, reason) < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(counts.count(webhook, outcome, reason))
                .as(outcome + " " + reason)
                .isEqualTo(n);
    }

    private static String param(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " not in " + query);
    }

    @Test
    void genericJsonCarriesTheIncidentAndItsSignature() throws Exception {
        start(webhook("noc-bridge", new GenericJsonWebhook(), robot.url("/hooks/headroom"), SECRET, NoticeLanguage.EN))
                .offer(busLoss(IncidentNotice.Change.OPENED));

        awaitReceived(1);
        RobotServer.Received got = robot.received.getFirst();
        JsonNode body = JSON.readTree(got.body());
        assertThat(body.get("event").asText()).isEqualTo("headroom.incident.opened");
        assertThat(body.get("incident").asText()).isEqualTo("GPU:GPU-a");
        assertThat(body.get("cause").asText()).isEqualTo("gpu_missing");
        assertThat(body.get("count").asInt()).isEqualTo(2);
        assertThat(body.get("parts"))
                .extracting(part -> part.get("kind").asText())
                .containsExactly("gpu_missing", "critical_xid");
        assertThat(body.get("text").asText()).startsWith("[Critical] GPU missing: gpu-h1-a03-n5 GPU 3");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        // The JDK's server spells header names its own way ("X-headroom-signature").
        List<String> signature = got.headers().entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase(GenericJsonWebhook.SIGNATURE_HEADER))
                .map(java.util.Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        assertThat(signature)
                .containsExactly("sha256="
                        + HexFormat.of().formatHex(mac.doFinal(got.body().getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void weComGetsMarkdownInChinese() throws Exception {
        start(webhook(
                        "ops-wecom",
                        new WeComRobot(MessageStyle.RICH),
                        robot.url("/cgi-bin/webhook/send?key=" + KEY),
                        null,
                        NoticeLanguage.ZH_CN))
                .offer(busLoss(IncidentNotice.Change.OPENED));

        awaitReceived(1);
        JsonNode body = JSON.readTree(robot.received.getFirst().body());
        assertThat(body.get("msgtype").asText()).isEqualTo("markdown");
        assertThat(body.get("markdown").get("content").asText())
                .startsWith("### 【严重】GPU 丢失:gpu-h1-a03-n5 GPU 3")
                .contains("告警数:2", "- 严重 XID · gpu-h1-a03-n5 GPU 3");
    }

    @Test
    void dingTalkIsSignedAsTheRobotChecks() throws Exception {
        start(webhook(
                        "ops-dingtalk",
                        new DingTalkRobot(MessageStyle.RICH),
                        robot.url("/robot/send?access_token=" + KEY),
                        SECRET,
                        NoticeLanguage.EN))
                .offer(busLoss(IncidentNotice.Change.RESOLVED));

        awaitReceived(1);
        String query = robot.received.getFirst().uri().getRawQuery();
        String timestamp = param(query, "timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(URLDecoder.decode(param(query, "sign"), StandardCharsets.UTF_8))
                .isEqualTo(Base64.getEncoder()
                        .encodeToString(mac.doFinal((timestamp + "\n" + SECRET).getBytes(StandardCharsets.UTF_8))));
        JsonNode body = JSON.readTree(robot.received.getFirst().body());
        assertThat(body.get("markdown").get("title").asText()).isEqualTo("[Resolved] GPU missing: gpu-h1-a03-n5 GPU 3");
    }

    @Test
    void feishuIsSignedAsTheBotChecks() throws Exception {
        robot.answer(Answer.of(200, "{\"code\":0,\"data\":{},\"msg\":\"success\"}"));
        start(webhook(
                        "ops-feishu",
                        new FeishuRobot(MessageStyle.RICH),
                        robot.url("/open-apis/bot/v2/hook/" + KEY),
                        SECRET,
                        NoticeLanguage.ZH_CN))
                .offer(busLoss(IncidentNotice.Change.OPENED));

        awaitReceived(1);
        JsonNode body = JSON.readTree(robot.received.getFirst().body());
        String timestamp = body.get("timestamp").asText();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec((timestamp + "\n" + SECRET).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(body.get("sign").asText()).isEqualTo(Base64.getEncoder().encodeToString(mac.doFinal(new byte[0])));
        assertThat(body.get("content").get("post").get("zh_cn").get("title").asText())
                .isEqualTo("【严重】GPU 丢失:gpu-h1-a03-n5 GPU 3");
        awaitCount("ops-feishu", "sent", "ok", 1);
    }

    @Test
    void aServerErrorIsTriedAgainAfterABackoff() throws Exception {
        robot.answer(Answer.of(503, "busy"));
        start(webhook(
                        "ops-wecom",
                        new WeComRobot(MessageStyle.TEXT),
                        robot.url("/send?key=" + KEY),
                        null,
                        NoticeLanguage.EN))
                .offer(busLoss(IncidentNotice.Change.OPENED));

        awaitCount("ops-wecom", "sent", "ok", 1);
        assertThat(robot.received).hasSize(2);
        assertThat(retryPauses).hasSize(1);
        assertThat(webhooks.problems()).isEmpty();
    }

    @Test
    void aRefusalIsNotTriedAgainAndIsNamedOnTheHealthAndInTheLog() throws Exception {
        robot.answer(Answer.of(400, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"));
        start(webhook(
                        "ops-wecom",
                        new WeComRobot(MessageStyle.TEXT),
                        robot.url("/send?key=" + KEY),
                        null,
                        NoticeLanguage.EN))
                .offer(busLoss(IncidentNotice.Change.OPENED));

        awaitCount("ops-wecom", "failed", "http_4xx", 1);
        assertThat(robot.received).hasSize(1);
        Thread.sleep(50); // the lane records the failure just after the count
        assertThat(webhooks.problems())
                .singleElement()
                .asString()
                .contains("ops-wecom", "last send failed", "HTTP 400")
                .doesNotContain(KEY);
        assertThat(logs.list)
                .anyMatch(e -> e.getFormattedMessage().contains("could not tell the on-call of incident GPU:GPU-a"));
    }

    @Test
    void aSlowRobotTimesOutAndAnUnreachableOneIsNamed() throws Exception {
        robot.answer(Answer.hanging(), Answer.hanging());
        Webhook slow = webhook("slow", new GenericJsonWebhook(), robot.url("/slow"), null, NoticeLanguage.EN);
        Webhook gone = webhook(
                "gone", new GenericJsonWebhook(), URI.create("https://127.0.0.1:1/gone"), null, NoticeLanguage.EN);
        start(List.of(slow, gone), new IncidentWebhooks.Limits(8, Duration.ofSeconds(3)))
                .offer(busLoss(IncidentNotice.Change.OPENED));

        awaitCount("slow", "failed", "timeout", 1);
        awaitCount("gone", "failed", "io", 1);
        Thread.sleep(50);
        assertThat(webhooks.problems()).hasSize(2);
    }

    @Test
    void aFullQueueDropsCountedAndNamedNeverBlocking() throws Exception {
        robot.answer(Answer.hanging(), Answer.hanging());
        start(
                List.of(webhook(
                        "ops-wecom",
                        new WeComRobot(MessageStyle.TEXT),
                        robot.url("/send?key=" + KEY),
                        null,
                        NoticeLanguage.EN)),
                new IncidentWebhooks.Limits(1, Duration.ofSeconds(3)));

        long started = System.nanoTime();
        int taken = 0;
        for (int i = 0; i < 5; i++) {
            taken += webhooks.offer(busLoss(IncidentNotice.Change.OPENED));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("never blocks")
                .isLessThan(Duration.ofMillis(500));

        long dropped = webhooks.drops().get("ops-wecom");
        assertThat(dropped).isGreaterThanOrEqualTo(3).isEqualTo(5 - taken);
        assertThat(counts.count("ops-wecom", "failed", "queue_full")).isEqualTo(dropped);
        assertThat(webhooks.problems()).singleElement().asString().contains(dropped + " messages dropped");
        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains("queue of 1 is full"));
    }

    @Test
    void messagesArePacedToTheRobotsLimit() throws Exception {
        start(webhook(
                "ops-wecom",
                new WeComRobot(MessageStyle.TEXT),
                robot.url("/send?key=" + KEY),
                null,
                NoticeLanguage.EN));
        for (int i = 0; i < 3; i++) {
            webhooks.offer(busLoss(IncidentNotice.Change.OPENED));
        }

        awaitReceived(3);
        assertThat(pacePauses)
                .as("the clock stands still: a full gap before each later message")
                .containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    @Test
    void plainHttpToAnotherMachineIsRefusedUnlessAllowed() {
        Webhook far = webhook(
                "far",
                new GenericJsonWebhook(),
                URI.create("http://alerts.example.com/hook?token=s3cr3t"),
                null,
                NoticeLanguage.EN);
        Webhook local = webhook(
                "local", new GenericJsonWebhook(), URI.create("http://127.0.0.1:9/hook"), null, NoticeLanguage.EN);

        assertThatThrownBy(() -> PlainHttp.check(far, false))
                .hasMessageContaining("webhook far")
                .hasMessageContaining("plain HTTP")
                .hasMessageContaining("alerts.allow_plain_http")
                .hasMessageNotContaining("s3cr3t");
        PlainHttp.check(far, true);
        PlainHttp.check(local, false);
        assertThatThrownBy(() -> start(List.of(far), IncidentWebhooks.Limits.DEFAULT))
                .hasMessageContaining("webhook far");
        webhooks = null;
    }
}

package io.headroom.agent.reclaim;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headroom.agent.reclaim.RobotServer.Answer;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The sender against a robot on loopback HTTPS: bodies, signatures as the robot checks them, retries, masking. */
class WebhookSenderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
    private static final String SECRET = "SEC000111222333444555666777888999aaabbbcccdddeeefff";

    @TempDir
    static Path dir;

    private static Path keystore;

    private RobotServer robot;
    private final List<Duration> pauses = new ArrayList<>();
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
        ((Logger) LoggerFactory.getLogger(WebhookSender.class)).addAppender(logs);
    }

    @AfterEach
    void stop() {
        robot.close();
        ((Logger) LoggerFactory.getLogger(WebhookSender.class)).detachAppender(logs);
    }

    private WebhookSender sender(WebhookSender.Tries tries) {
        return new WebhookSender(
                robot.clientTls(), tries, pauses::add, counts, InstantSource.fixed(Instant.ofEpochMilli(Notices.NOW)));
    }

    private WebhookSender sender() {
        return sender(new WebhookSender.Tries(3, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    private Webhook weCom() {
        return new Webhook(
                "ops-wecom",
                new WeComRobot(MessageStyle.RICH),
                robot.url("/cgi-bin/webhook/send?key=" + KEY),
                null,
                NoticeLanguage.ZH_CN,
                Set.of("a100"));
    }

    @Test
    void weComTakesTheMarkdownMessage() throws Exception {
        SendOutcome outcome = sender().send(weCom(), Notices.notice("", ""));

        assertThat(outcome.sent()).isTrue();
        assertThat(outcome.tries()).isEqualTo(1);
        assertThat(robot.received).hasSize(1);
        var request = robot.received.getFirst();
        assertThat(request.uri().getRawQuery()).isEqualTo("key=" + KEY);
        assertThat(request.headers().get("Content-type")).containsExactly("application/json; charset=utf-8");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("msgtype").asText()).isEqualTo("markdown");
        assertThat(body.get("markdown").get("content").asText()).startsWith("### GPU 闲置占用提醒:train-llm");
        assertThat(counts.count("ops-wecom", "sent", "ok")).isEqualTo(1);
    }

    @Test
    void dingTalkSignatureIsTheOneTheRobotComputes() throws Exception {
        var dingTalk = new Webhook(
                "ops-dingtalk",
                new DingTalkRobot(MessageStyle.RICH),
                robot.url("/robot/send?access_token=" + KEY),
                SECRET,
                NoticeLanguage.ZH_CN,
                Set.of("*"));

        assertThat(sender().send(dingTalk, Notices.notice("", "")).sent()).isTrue();

        String query = robot.received.getFirst().uri().getRawQuery();
        String timestamp = param(query, "timestamp");
        assertThat(Long.parseLong(timestamp)).isEqualTo(Notices.NOW);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getEncoder()
                .encodeToString(mac.doFinal((timestamp + "\n" + SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(URLDecoder.decode(param(query, "sign"), StandardCharsets.UTF_8))
                .isEqualTo(expected);
    }

    @Test
    void feishuSignatureIsTheOneTheBotComputes() throws Exception {
        robot.answer(Answer.of(200, "{\"code\":0,\"data\":{},\"msg\":\"success\"}"));
        var feishu = new Webhook(
                "ops-feishu",
                new FeishuRobot(MessageStyle.RICH),
                robot.url("/open-apis/bot/v2/hook/" + KEY),
                SECRET,
                NoticeLanguage.ZH_CN,
                Set.of("*"));

        assertThat(sender().send(feishu, Notices.notice("", "")).sent()).isTrue();

        JsonNode body = JSON.readTree(robot.received.getFirst().body());
        String timestamp = body.get("timestamp").asText();
        assertThat(Long.parseLong(timestamp)).isEqualTo(Notices.NOW / 1000);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec((timestamp + "\n" + SECRET).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(body.get("sign").asText()).isEqualTo(Base64.getEncoder().encodeToString(mac.doFinal(new byte[0])));
        assertThat(body.get("msg_type").asText()).isEqualTo("post");
    }

    @Test
    void aServerErrorIsTriedAgainAfterABackoff() {
        robot.answer(Answer.of(503, "busy"), Answer.of(502, "busy"));

        SendOutcome outcome = sender().send(weCom(), Notices.notice("", ""));

        assertThat(outcome.sent()).isTrue();
        assertThat(outcome.tries()).isEqualTo(3);
        assertThat(robot.received).hasSize(3);
        assertThat(pauses).hasSize(2);
        // About 200 ms then about 400 ms, each within ±50%.
        assertThat(pauses.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(300));
        assertThat(pauses.get(1)).isBetween(Duration.ofMillis(200), Duration.ofMillis(600));
    }

    @Test
    void tooManyMessagesIsTriedAgainButOtherClientErrorsAreNot() {
        robot.answer(Answer.of(429, "slow down"));
        assertThat(sender().send(weCom(), Notices.notice("", "")).tries()).isEqualTo(2);

        robot.received.clear();
        robot.answer(Answer.of(404, "no such robot"));
        SendOutcome outcome = sender().send(weCom(), Notices.notice("", ""));

        assertThat(outcome.sent()).isFalse();
        assertThat(robot.received).hasSize(1);
        assertThat(outcome.message()).contains("HTTP 404: no such robot");
        assertThat(counts.count("ops-wecom", "failed", "http_4xx")).isEqualTo(1);
    }

    @Test
    void aRobotsErrorCodeInA200IsAFailureWithItsMessageAndNotTriedAgain() {
        robot.answer(Answer.of(200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url, hint: [1764]\"}"));

        SendOutcome outcome = sender().send(weCom(), Notices.notice("", ""));

        assertThat(outcome.sent()).isFalse();
        assertThat(outcome.message()).contains("WeCom robot error 93000: invalid webhook url");
        assertThat(robot.received).hasSize(1);
        assertThat(counts.count("ops-wecom", "failed", "refused")).isEqualTo(1);
    }

    @Test
    void noAnswerIsATimeoutTriedUpToTheLimit() {
        robot.answer(Answer.hanging(), Answer.hanging());
        var quick = new WebhookSender.Tries(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(300));

        SendOutcome outcome = sender(quick).send(weCom(), Notices.notice("", ""));

        assertThat(outcome.sent()).isFalse();
        assertThat(outcome.tries()).isEqualTo(2);
        assertThat(outcome.message()).contains("no answer within");
        assertThat(counts.count("ops-wecom", "failed", "timeout")).isEqualTo(1);
    }

    @Test
    void theKeyNeverAppearsInAnswersOrLogs() {
        robot.answer(Answer.of(500, "error for key=" + KEY), Answer.of(500, "x"), Answer.of(500, "x"));
        var dingTalk = new Webhook(
                "ops-dingtalk",
                new DingTalkRobot(MessageStyle.TEXT),
                robot.url("/robot/send?access_token=" + KEY),
                SECRET,
                NoticeLanguage.EN,
                Set.of("*"));

        SendOutcome outcome = sender().send(dingTalk, Notices.notice("", ""));

        assertThat(outcome.sent()).isFalse();
        assertThat(outcome.message())
                .contains("access_token=***")
                .doesNotContain(KEY)
                .doesNotContain(SECRET);
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list)
                .allSatisfy(event -> assertThat(event.getFormattedMessage())
                        .doesNotContain(KEY)
                        .doesNotContain(SECRET));
        assertThat(dingTalk.toString()).doesNotContain(KEY);
    }

    @Test
    void anUnreachableRobotIsAFailureInWords() {
        var gone = new Webhook(
                "gone",
                new WeComRobot(MessageStyle.TEXT),
                URI.create("https://127.0.0.1:1/cgi-bin/webhook/send?key=" + KEY),
                null,
                NoticeLanguage.EN,
                Set.of("*"));

        SendOutcome outcome = sender().send(gone, Notices.notice("", ""));

        assertThat(outcome.sent()).isFalse();
        assertThat(outcome.message()).contains("could not reach it").doesNotContain(KEY);
        assertThat(counts.count("gone", "failed", "io")).isEqualTo(1);
    }

    @Test
    void aWebhooksOwnTriesAndTimeoutOverrideTheSenders() {
        robot.answer(Answer.of(503, "busy"), Answer.of(503, "busy"), Answer.of(503, "busy"));
        var once = new Webhook(
                "once",
                new WeComRobot(MessageStyle.TEXT),
                robot.url("/cgi-bin/webhook/send?key=" + KEY),
                null,
                NoticeLanguage.EN,
                Set.of("*"),
                1,
                Duration.ofSeconds(3));

        SendOutcome outcome = sender().send(once, Notices.notice("", ""));

        assertThat(outcome.tries()).isEqualTo(1);
        assertThat(robot.received).hasSize(1);
        assertThat(counts.count("once", "failed", "http_5xx")).isEqualTo(1);
    }

    private static String param(String query, String name) {
        for (String pair : query.split("&", -1)) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " not in " + query);
    }
}

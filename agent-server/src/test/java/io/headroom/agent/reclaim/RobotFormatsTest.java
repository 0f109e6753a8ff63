package io.headroom.agent.reclaim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Each robot's body and signature against the vendor's documented form (URLs in each format's Javadoc). */
class RobotFormatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "SECb5e1cbd0f7f9a1c2d3e4f5a6b7c8d9e0";

    @Test
    void weComMarkdownIsMsgtypeMarkdownWithContent() throws Exception {
        var notice = Notices.notice("", "");
        var request = new WeComRobot(MessageStyle.RICH)
                .request(
                        notice,
                        NoticeLanguage.ZH_CN,
                        URI.create("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1"),
                        null,
                        Notices.NOW);

        JsonNode expected = JSON.createObjectNode()
                .put("msgtype", "markdown")
                .set(
                        "markdown",
                        JSON.createObjectNode().put("content", NoticeText.markdown(notice, NoticeLanguage.ZH_CN)));
        assertThat(JSON.readTree(request.body())).isEqualTo(expected);
        assertThat(request.uri()).hasToString("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1");
        assertThat(request.headers()).isEmpty();
    }

    @Test
    void weComTextIsMsgtypeTextWithContent() throws Exception {
        var notice = Notices.notice("", "");
        var request = new WeComRobot(MessageStyle.TEXT)
                .request(
                        notice,
                        NoticeLanguage.EN,
                        URI.create("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1"),
                        null,
                        Notices.NOW);

        assertThat(JSON.readTree(request.body()))
                .isEqualTo(JSON.readTree("{\"msgtype\":\"text\",\"text\":{\"content\":"
                        + JSON.writeValueAsString(NoticeText.plain(notice, NoticeLanguage.EN)) + "}}"));
    }

    @Test
    void weComCutsAMessageTheRobotWouldRefuseForLength() {
        String cut = WeComRobot.withinBytes("闲".repeat(2000), WeComRobot.TEXT_BYTES);

        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
        assertThat(cut).endsWith("…").startsWith("闲闲");
    }

    @Test
    void weComErrcodeInA200IsARefusalWithItsMessage() {
        var wecom = new WeComRobot(MessageStyle.RICH);

        assertThat(wecom.refusalIn("{\"errcode\":0,\"errmsg\":\"ok\"}")).isNull();
        assertThat(wecom.refusalIn("{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"))
                .isEqualTo("WeCom robot error 93000: invalid webhook url");
        assertThat(wecom.refusalIn("<html>gateway</html>"))
                .startsWith("WeCom robot answered with something that is not JSON");
    }

    @Test
    void dingTalkSignsTheAddressWithTimestampAndUrlEncodedHmac() throws Exception {
        var notice = Notices.notice("", "");
        long timestamp = 1_764_966_600_000L;
        var request = new DingTalkRobot(MessageStyle.RICH)
                .request(
                        notice,
                        NoticeLanguage.ZH_CN,
                        URI.create("https://oapi.dingtalk.com/robot/send?access_token=t0k"),
                        SECRET,
                        timestamp);

        String query = request.uri().getRawQuery();
        assertThat(query).startsWith("access_token=t0k&timestamp=" + timestamp + "&sign=");
        String sign = URLDecoder.decode(query.substring(query.indexOf("&sign=") + 6), StandardCharsets.UTF_8);
        // As DingTalk computes it: HmacSHA256 keyed with the secret over timestamp + "\n" + secret, base64.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getEncoder()
                .encodeToString(mac.doFinal((timestamp + "\n" + SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(sign).isEqualTo(expected);
        assertThat(query).doesNotContain("+").doesNotContain("/"); // url-encoded, as the robot requires

        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("msgtype").asText()).isEqualTo("markdown");
        assertThat(body.get("markdown").get("title").asText())
                .isEqualTo(NoticeText.title(notice, NoticeLanguage.ZH_CN));
        assertThat(body.get("markdown").get("text").asText())
                .isEqualTo(NoticeText.markdown(notice, NoticeLanguage.ZH_CN));
        assertThat(body.size()).isEqualTo(2);
    }

    @Test
    void dingTalkWithoutASecretLeavesTheAddressAlone() throws Exception {
        var request = new DingTalkRobot(MessageStyle.TEXT)
                .request(
                        Notices.notice("", ""),
                        NoticeLanguage.EN,
                        URI.create("https://oapi.dingtalk.com/robot/send?access_token=t0k"),
                        null,
                        1L);

        assertThat(request.uri()).hasToString("https://oapi.dingtalk.com/robot/send?access_token=t0k");
        assertThat(JSON.readTree(request.body()).get("text").get("content").asText())
                .startsWith("GPUs held idle");
        assertThat(new DingTalkRobot(MessageStyle.TEXT).refusalIn("{\"errcode\":310000,\"errmsg\":\"sign not match\"}"))
                .isEqualTo("DingTalk robot error 310000: sign not match");
    }

    @Test
    void feishuPutsTimestampAndSignInTheBodyKeyedByTimestampAndSecret() throws Exception {
        var notice = Notices.notice("", "");
        long nowMillis = 1_764_966_600_123L;
        var request = new FeishuRobot(MessageStyle.TEXT)
                .request(
                        notice,
                        NoticeLanguage.ZH_CN,
                        URI.create("https://open.feishu.cn/open-apis/bot/v2/hook/abc-123"),
                        SECRET,
                        nowMillis);

        // As Feishu computes it: HmacSHA256 keyed with timestamp + "\n" + secret over an empty message, base64.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(("1764966600\n" + SECRET).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sign = Base64.getEncoder().encodeToString(mac.doFinal(new byte[0]));
        assertThat(JSON.readTree(request.body()))
                .isEqualTo(JSON.readTree("{\"timestamp\":\"1764966600\",\"sign\":\"" + sign
                        + "\",\"msg_type\":\"text\",\"content\":{\"text\":"
                        + JSON.writeValueAsString(NoticeText.plain(notice, NoticeLanguage.ZH_CN)) + "}}"));
        assertThat(request.uri()).hasToString("https://open.feishu.cn/open-apis/bot/v2/hook/abc-123");
    }

    @Test
    void feishuPostIsOneTextParagraphPerLineUnderTheLanguage() throws Exception {
        var notice = Notices.notice("", "");
        var request = new FeishuRobot(MessageStyle.RICH)
                .request(
                        notice,
                        NoticeLanguage.EN,
                        URI.create("https://open.feishu.cn/open-apis/bot/v2/hook/abc"),
                        null,
                        0);

        JsonNode body = JSON.readTree(request.body());
        assertThat(body.has("sign")).isFalse();
        assertThat(body.get("msg_type").asText()).isEqualTo("post");
        JsonNode post = body.get("content").get("post").get("en_us");
        assertThat(post.get("title").asText()).isEqualTo("GPUs held idle: train-llm (slurm:hpc:4242)");
        assertThat(post.get("content").get(0))
                .isEqualTo(JSON.readTree("[{\"tag\":\"text\",\"text\":\"Owner: zhangwei (account nlp)\"}]"));
        assertThat(post.get("content").size())
                .isEqualTo(NoticeText.lines(notice, NoticeLanguage.EN).size());
    }

    @Test
    void feishuCodeInA200IsARefusal() {
        var feishu = new FeishuRobot(MessageStyle.TEXT);

        assertThat(feishu.refusalIn("{\"code\":0,\"data\":{},\"msg\":\"success\"}"))
                .isNull();
        assertThat(feishu.refusalIn("{\"StatusCode\":0,\"StatusMessage\":\"success\"}"))
                .isNull();
        assertThat(
                        feishu.refusalIn(
                                "{\"code\":19021,\"data\":{},\"msg\":\"sign match fail or timestamp is not within one hour from current time\"}"))
                .isEqualTo(
                        "Feishu bot error 19021: sign match fail or timestamp is not within one hour from current time");
    }
}

package io.headroom.agent.reclaim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A DingTalk (钉钉) custom robot: POST to {@code https://oapi.dingtalk.com/robot/send?access_token=...}
 * with {@code {"msgtype":"markdown","markdown":{"title":...,"text":...}}} or
 * {@code {"msgtype":"text","text":{"content":...}}}; it answers {@code {"errcode":0,"errmsg":"ok"}}.
 * With a signing secret (加签, the "SEC..." string), the address gets
 * {@code &timestamp=<ms>&sign=<urlencode(base64(HmacSHA256(key=secret, timestamp + "\n" + secret)))>}.
 * See https://open.dingtalk.com/document/robots/customize-robot-security-settings and
 * https://open.dingtalk.com/document/robots/custom-robot-access.
 */
public record DingTalkRobot(MessageStyle style) implements WebhookFormat {

    @Override
    public String kind() {
        return "dingtalk";
    }

    @Override
    public WebhookRequest request(
            ChatMessage message, NoticeLanguage language, URI url, String secret, long nowMillis) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (style == MessageStyle.RICH) {
            root.put("msgtype", "markdown");
            ObjectNode markdown = root.putObject("markdown");
            markdown.put("title", message.title(language));
            markdown.put("text", message.markdown(language));
        } else {
            root.put("msgtype", "text");
            root.putObject("text").put("content", message.plain(language));
        }
        URI signed = secret == null ? url : signed(url, secret, nowMillis);
        return new WebhookRequest(signed, Map.of(), root.toString());
    }

    static URI signed(URI url, String secret, long timestampMillis) {
        String sign = Base64.getEncoder().encodeToString(HmacSha256.of(secret, timestampMillis + "\n" + secret));
        String separator = url.getRawQuery() == null ? "?" : "&";
        return URI.create(url + separator + "timestamp=" + timestampMillis + "&sign="
                + URLEncoder.encode(sign, StandardCharsets.UTF_8));
    }

    @Override
    public String refusalIn(String body) {
        return RobotAnswer.refusal("DingTalk robot", body, "errcode", "errmsg");
    }
}

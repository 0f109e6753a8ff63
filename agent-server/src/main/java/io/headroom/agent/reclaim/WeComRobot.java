package io.headroom.agent.reclaim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A WeCom (企业微信) group robot: POST to {@code https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...}
 * with {@code {"msgtype":"markdown","markdown":{"content":...}}} (at most 4096 bytes) or
 * {@code {"msgtype":"text","text":{"content":...}}} (at most 2048 bytes); it answers
 * {@code {"errcode":0,"errmsg":"ok"}}. The key is in the address; there is no signature.
 * See https://developer.work.weixin.qq.com/document/path/91770 (群机器人配置说明).
 */
public record WeComRobot(MessageStyle style) implements WebhookFormat {

    static final int MARKDOWN_BYTES = 4096;
    static final int TEXT_BYTES = 2048;

    @Override
    public String kind() {
        return "wecom";
    }

    @Override
    public WebhookRequest request(
            ChatMessage message, NoticeLanguage language, URI url, String secret, long nowMillis) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (style == MessageStyle.RICH) {
            root.put("msgtype", "markdown");
            root.putObject("markdown").put("content", withinBytes(message.markdown(language), MARKDOWN_BYTES));
        } else {
            root.put("msgtype", "text");
            root.putObject("text").put("content", withinBytes(message.plain(language), TEXT_BYTES));
        }
        return new WebhookRequest(url, Map.of(), root.toString());
    }

    @Override
    public String refusalIn(String body) {
        return RobotAnswer.refusal("WeCom robot", body, "errcode", "errmsg");
    }

    /** Cut at a character boundary so the UTF-8 form fits; the robot refuses longer messages. */
    static String withinBytes(String text, int bytes) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= bytes) {
            return text;
        }
        int end = text.length();
        while (end > 0 && (text.substring(0, end) + "…").getBytes(StandardCharsets.UTF_8).length > bytes) {
            end = Character.isLowSurrogate(text.charAt(end - 1)) ? end - 2 : end - 1;
        }
        return text.substring(0, Math.max(0, end)) + "…";
    }
}

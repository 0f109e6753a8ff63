package io.headroom.agent.reclaim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Base64;
import java.util.Map;

/**
 * A Feishu / Lark (飞书) custom bot: POST to {@code https://open.feishu.cn/open-apis/bot/v2/hook/<token>}
 * with {@code {"msg_type":"text","content":{"text":...}}} or a rich-text
 * {@code {"msg_type":"post","content":{"post":{"zh_cn":{"title":...,"content":[[{"tag":"text","text":...}]]}}}}};
 * it answers {@code {"code":0,"msg":"success"}}. With a signing secret (签名校验) the body also
 * carries {@code timestamp} (seconds) and {@code sign}: base64 of HmacSHA256 keyed with
 * {@code timestamp + "\n" + secret} over an empty message (not DingTalk's order).
 * See https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot.
 */
public record FeishuRobot(MessageStyle style) implements WebhookFormat {

    @Override
    public String kind() {
        return "feishu";
    }

    @Override
    public WebhookRequest request(
            ChatMessage message, NoticeLanguage language, URI url, String secret, long nowMillis) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (secret != null) {
            long seconds = nowMillis / 1000;
            root.put("timestamp", Long.toString(seconds));
            root.put("sign", sign(secret, seconds));
        }
        if (style == MessageStyle.RICH) {
            root.put("msg_type", "post");
            ObjectNode post = root.putObject("content")
                    .putObject("post")
                    .putObject(language == NoticeLanguage.ZH_CN ? "zh_cn" : "en_us");
            post.put("title", message.title(language));
            ArrayNode paragraphs = post.putArray("content");
            for (String line : message.lines(language)) {
                paragraphs.addArray().addObject().put("tag", "text").put("text", line);
            }
        } else {
            root.put("msg_type", "text");
            root.putObject("content").put("text", message.plain(language));
        }
        return new WebhookRequest(url, Map.of(), root.toString());
    }

    static String sign(String secret, long timestampSeconds) {
        return Base64.getEncoder().encodeToString(HmacSha256.of(timestampSeconds + "\n" + secret, ""));
    }

    @Override
    public String refusalIn(String body) {
        // Older bots answered {"StatusCode":0,"StatusMessage":"success"}; current ones {"code":0,"msg":"success"}.
        if (body.contains("\"StatusCode\"") && !body.contains("\"code\"")) {
            return RobotAnswer.refusal("Feishu bot", body, "StatusCode", "StatusMessage");
        }
        return RobotAnswer.refusal("Feishu bot", body, "code", "msg");
    }
}

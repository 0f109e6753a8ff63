package io.headroom.agent.reclaim;

import java.net.URI;

/** How one kind of webhook wants a notice: the request to send, and how it says a message was refused. */
public sealed interface WebhookFormat permits GenericJsonWebhook, WeComRobot, DingTalkRobot, FeishuRobot {

    /** The name in the agent's configuration: generic, wecom, dingtalk, feishu. */
    String kind();

    /**
     * The request that carries the message, signed where the webhook wants it.
     *
     * @param secret the signing secret; null when the webhook has none
     */
    WebhookRequest request(ChatMessage message, NoticeLanguage language, URI url, String secret, long nowMillis);

    /**
     * The refusal a robot writes into a 200 answer ({@code errcode}, {@code code}), in words;
     * null when the message was taken.
     */
    default String refusalIn(String body) {
        return null;
    }
}

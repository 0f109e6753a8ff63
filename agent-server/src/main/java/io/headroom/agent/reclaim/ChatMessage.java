package io.headroom.agent.reclaim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a webhook carries, in words and as facts: a held-idle notice to a workload's owner, or an
 * incident opening or resolving. Every {@link WebhookFormat} writes any message, so the owner
 * notices and the incident alerts share one sender, one set of robots and one way of signing.
 */
public interface ChatMessage {

    /** What it is about, for the log: "the owner of job 4711", "incident RACK:h1-a03". */
    String about();

    String title(NoticeLanguage language);

    /** The facts, one a line, without the title. */
    List<String> lines(NoticeLanguage language);

    /** The title and the lines as plain text. */
    String plain(NoticeLanguage language);

    /** The title and the lines as markdown (WeCom, DingTalk). */
    String markdown(NoticeLanguage language);

    /** The facts as fields for the generic JSON webhook, with the text in {@code language}. */
    ObjectNode json(NoticeLanguage language);
}

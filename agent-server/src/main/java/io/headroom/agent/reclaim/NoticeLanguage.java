package io.headroom.agent.reclaim;

import java.util.Locale;

/** The language a webhook's messages are written in. */
public enum NoticeLanguage {
    ZH_CN("zh-CN"),
    EN("en");

    private final String tag;

    NoticeLanguage(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    /** "zh-CN", "zh", "en" (any case); null for anything else. */
    public static NoticeLanguage ofTag(String tag) {
        return switch (tag.toLowerCase(Locale.ROOT)) {
            case "zh-cn", "zh", "zh_cn" -> ZH_CN;
            case "en", "en-us", "en-gb" -> EN;
            default -> null;
        };
    }
}

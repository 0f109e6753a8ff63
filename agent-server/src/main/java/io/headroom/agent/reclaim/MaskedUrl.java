package io.headroom.agent.reclaim;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A webhook address as it may be shown: every query value (WeCom's {@code key}, DingTalk's
 * {@code access_token}) and the token segment after {@code /hook/} (Feishu) become {@code ***}.
 */
final class MaskedUrl {

    private MaskedUrl() {}

    static String of(URI url) {
        String text = url.toString();
        for (String secret : secrets(url)) {
            text = text.replace(secret, "***");
        }
        return text;
    }

    /** The parts of the address that are credentials, as they appear in it (raw). */
    static List<String> secrets(URI url) {
        List<String> secrets = new ArrayList<>();
        String query = url.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&", -1)) {
                int eq = pair.indexOf('=');
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                if (!value.isEmpty()) {
                    secrets.add(value);
                }
            }
        }
        String path = url.getRawPath();
        int hook = path == null ? -1 : path.indexOf("/hook/");
        if (hook >= 0) {
            String token = path.substring(hook + "/hook/".length());
            if (!token.isEmpty()) {
                secrets.add(token);
            }
        }
        if (url.getRawUserInfo() != null) {
            secrets.add(url.getRawUserInfo());
        }
        return secrets;
    }
}

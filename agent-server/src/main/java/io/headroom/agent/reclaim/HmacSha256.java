package io.headroom.agent.reclaim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256, as the robots sign with it. */
final class HmacSha256 {

    private HmacSha256() {}

    static byte[] of(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            // Every JDK has HmacSHA256 (it is one of the algorithms the platform must provide).
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}

package io.headroom.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every label exists in English and in Simplified Chinese, so no screen shows a key or falls back mid-sentence. */
class MessagesTest {

    @Test
    void theChineseBundleHasEveryEnglishKeyAndNoOther() throws Exception {
        Set<String> english = keys("messages.properties");
        Set<String> chinese = keys("messages_zh_CN.properties");

        assertThat(new TreeSet<>(chinese)).as("keys in Chinese").containsExactlyElementsOf(new TreeSet<>(english));
    }

    private static Set<String> keys(String file) throws Exception {
        Properties properties = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream(file)) {
            assertThat(in).as(file).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties.stringPropertyNames();
    }
}

package io.headroom.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alerts section of agent.yaml: the agent's own incidents sent to chat groups. */
class AlertsConfigTest {

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("agent.yaml"), text);
    }

    @Test
    void webhooksAreReadLikeThoseOfNotifyWithoutPools() throws Exception {
        Path url = Files.writeString(dir.resolve("feishu.url"), "https://open.feishu.cn/open-apis/bot/v2/hook/t");
        Files.setPosixFilePermissions(url, PosixFilePermissions.fromString("rw-------"));
        var config = AgentConfigReader.read(write("""
                alerts:
                  interval_ms: 10000
                  webhooks:
                    - name: noc-feishu
                      kind: feishu
                      url_file: %s
                    - name: bridge
                      kind: generic
                      url: http://127.0.0.1:8080/headroom
                      language: en
                """.formatted(url)));

        assertThat(config.alerts().intervalMs()).isEqualTo(10_000);
        assertThat(config.alerts().allowPlainHttp()).isFalse();
        assertThat(config.alerts().webhooks())
                .extracting(AgentConfig.WebhookEntry::name)
                .containsExactly("noc-feishu", "bridge");
        assertThat(config.alerts().webhooks().getFirst().language()).isEqualTo("zh-CN");
        assertThat(NotifySections.webhooks(
                        new AgentConfig.Notify("", config.alerts().webhooks())))
                .extracting(w -> w.url().toString())
                .containsExactly("https://open.feishu.cn/open-apis/bot/v2/hook/t", "http://127.0.0.1:8080/headroom");
    }

    @Test
    void withoutTheSectionNothingIsSent() throws Exception {
        assertThat(AgentConfigReader.read(write("interval_ms: 1000\n")).alerts().webhooks())
                .isEmpty();
    }

    @Test
    void poolsHaveNoPlaceAndAnEmptySectionIsNamed() throws Exception {
        assertThatThrownBy(() -> AgentConfigReader.read(write("""
                        alerts:
                          webhooks:
                            - name: bridge
                              kind: generic
                              url: https://bridge.example/h
                              pools: ["*"]
                        """)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 6")
                .hasMessageContaining("pools");
        assertThatThrownBy(() -> AgentConfigReader.read(write("""
                        alerts:
                          allow_plain_http: true
                        """)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("alerts")
                .hasMessageContaining("needs webhooks");
    }
}

package io.headroom.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.agent.reclaim.DingTalkRobot;
import io.headroom.agent.reclaim.HeldIdleRule;
import io.headroom.agent.reclaim.NoticeLanguage;
import io.headroom.agent.reclaim.WeComRobot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notify (webhooks) and held_idle (policy) sections of agent.yaml. */
class NotifyConfigTest {

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("agent.yaml"), text);
    }

    private Path secret(String name, String content, String permissions) throws Exception {
        Path file = Files.writeString(dir.resolve(name), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void webhooksAndRulesAreReadWithTheirDefaults() throws Exception {
        Path wecomUrl = secret("wecom.url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc\n", "rw-------");
        Path dingUrl = secret("ding.url", "https://oapi.dingtalk.com/robot/send?access_token=t", "rw-------");
        Path dingSecret = secret("ding.secret", "SECxyz", "r--------");
        var config = AgentConfigReader.read(write("""
                notify:
                  console_link: "https://headroom.example/w/{id}"
                  webhooks:
                    - name: ops-wecom
                      kind: wecom
                      url_file: %s
                      pools: [a100]
                    - name: ops-dingtalk
                      kind: dingtalk
                      url_file: %s
                      secret_file: %s
                      language: en
                      message: text
                      pools: ["*"]
                held_idle:
                  rules:
                    - pools: [a100, h100]
                      below_pct: 3
                      warn_after_minutes: 45
                      reclaim_after_minutes: 240
                      auto_reclaim: true
                      note: 请在 4 小时内释放
                      exempt:
                        accounts: [bench]
                        qos: urgent
                        labels:
                          headroom.io/exempt: "*"
                """.formatted(wecomUrl, dingUrl, dingSecret)));

        assertThat(config.notices().consoleLink()).isEqualTo("https://headroom.example/w/{id}");
        var webhooks = NotifySections.webhooks(config.notices());
        assertThat(webhooks).hasSize(2);
        assertThat(webhooks.get(0).format()).isEqualTo(new WeComRobot(io.headroom.agent.reclaim.MessageStyle.RICH));
        assertThat(webhooks.get(0).language()).isEqualTo(NoticeLanguage.ZH_CN);
        assertThat(webhooks.get(0).url()).hasToString("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc");
        assertThat(webhooks.get(0).toString()).doesNotContain("abc");
        assertThat(webhooks.get(1).format()).isEqualTo(new DingTalkRobot(io.headroom.agent.reclaim.MessageStyle.TEXT));
        assertThat(webhooks.get(1).secret()).isEqualTo("SECxyz");
        assertThat(webhooks.get(1).language()).isEqualTo(NoticeLanguage.EN);
        assertThat(webhooks.get(0).tries()).isEqualTo(3);
        assertThat(webhooks.get(0).timeout()).isEqualTo(Duration.ofSeconds(10));

        assertThat(config.heldIdle().intervalMs()).isEqualTo(60_000);
        assertThat(config.heldIdle().stateFileIn(Path.of("/var/lib/headroom-agent")))
                .isEqualTo(Path.of("/var/lib/headroom-agent/held-idle.state"));
        HeldIdleRule rule = config.heldIdle().rules().getFirst();
        assertThat(rule.pools()).containsExactlyInAnyOrder("a100", "h100");
        assertThat(rule.belowPct()).isEqualTo(3f);
        assertThat(rule.warnAfter()).isEqualTo(Duration.ofMinutes(45));
        assertThat(rule.warnEvery()).isEqualTo(Duration.ofDays(1));
        assertThat(rule.reclaimAfter()).isEqualTo(Duration.ofHours(4));
        assertThat(rule.autoReclaim()).isTrue();
        assertThat(rule.note()).isEqualTo("请在 4 小时内释放");
        assertThat(rule.exempt().accounts()).containsExactly("bench");
        assertThat(rule.exempt().qos()).containsExactly("urgent");
        assertThat(rule.exempt().labels()).containsEntry("headroom.io/exempt", "*");
    }

    @Test
    void nothingSaidIsNoWebhooksAndNoPolicy() throws Exception {
        var config = AgentConfigReader.read(write("interval_ms: 1000\n"));

        assertThat(config.notices().webhooks()).isEmpty();
        assertThat(config.heldIdle().rules()).isEmpty();
    }

    @Test
    void aSecretFileOthersCanReadIsRefusedNamingTheKeyTheFileAndTheChmod() throws Exception {
        Path url = secret("wecom.url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc", "rw-r--r--");
        var config = AgentConfigReader.read(write("""
                notify:
                  webhooks:
                    - name: ops
                      kind: wecom
                      url_file: %s
                      pools: ["*"]
                """.formatted(url)));

        assertThatThrownBy(() -> NotifySections.webhooks(config.notices()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("agent.yaml") + " line 3: notify.webhooks[0].url_file: " + url
                        + " holds a secret but can be read by its group or by anyone; run: chmod 600 " + url);
    }

    @Test
    void aRobotsKeyWrittenIntoAgentYamlIsRefused() throws Exception {
        assertThatThrownBy(() -> AgentConfigReader.read(write("""
                        notify:
                          webhooks:
                            - name: ops
                              kind: wecom
                              url: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc
                              pools: ["*"]
                        """)))
                .hasMessageContaining(
                        "line 5: notify.webhooks[0].url holds the robot's key, which must not sit in" + " agent.yaml");
    }

    @Test
    void mistakesAreOneLineNamingTheKey() throws Exception {
        assertThatThrownBy(() -> AgentConfigReader.read(write("""
                        notify:
                          webhooks:
                            - name: ops
                              kind: slack
                              url: https://hooks.example/in
                              pools: ["*"]
                        """)))
                .hasMessageContaining("line 4: notify.webhooks[0].kind must be one of generic, wecom, dingtalk, feishu,"
                        + " was 'slack'");
        assertThatThrownBy(() -> AgentConfigReader.read(write("""
                        notify:
                          webhooks:
                            - name: ops
                              kind: generic
                              url: https://hooks.example/in
                              pools: ["*"]
                        held_idle:
                          rules:
                            - pools: [a100]
                              warn_after_minutes: 60
                              reclaim_after_minutes: 30
                        """)))
                .hasMessageContaining("held_idle.rules[0].reclaim_after_minutes is 30, before warn_after_minutes (60)");
        assertThatThrownBy(() -> AgentConfigReader.read(write("""
                        held_idle:
                          rules:
                            - pools: [a100]
                              auto_reclaim: true
                        """)))
                .hasMessageContaining("held_idle.rules[0].auto_reclaim needs reclaim_after_minutes");
        assertThatThrownBy(() -> AgentConfigReader.read(write("""
                        held_idle:
                          rules:
                            - pools: [a100]
                              below_pct: 5
                            - pools: [a100]
                        """)))
                .hasMessageContaining("held_idle.rules[1].pools names a100, which")
                .hasMessageContaining("held_idle.rules[0] already covers");
        assertThatThrownBy(() -> AgentConfigReader.read(write("""
                        held_idle:
                          rules:
                            - pools: [a100]
                              warn_afer_minutes: 5
                        """)))
                .hasMessageContaining("unknown setting held_idle.rules[0].warn_afer_minutes; did you mean"
                        + " held_idle.rules[0].warn_after_minutes?");
    }

    @Test
    void aPoolThePolicyWarnsInNeedsAWebhook() throws Exception {
        assertThatThrownBy(() -> AgentConfigReader.read(write("""
                        held_idle:
                          rules:
                            - pools: [a100]
                        """)))
                .hasMessage(dir.resolve("agent.yaml") + ": held_idle.rules: pool a100 has no webhook to warn through;"
                        + " add it to the pools of one under notify.webhooks");
    }
}

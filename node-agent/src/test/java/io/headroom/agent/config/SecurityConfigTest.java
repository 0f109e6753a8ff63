package io.headroom.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.agent.access.AccessPolicy;
import io.headroom.agent.config.AgentConfig.AuthMode;
import io.headroom.core.access.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tls, auth, identities, audit and upstream sections of agent.yaml. */
class SecurityConfigTest {

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("agent.yaml"), text);
    }

    private static final String HASH = AccessPolicy.tokenSha256("a-token");

    @Test
    void tlsOffIsPlaintextOnPurposeAndNothingSaidIsUnset() throws Exception {
        assertThat(AgentConfigReader.read(write("tls: off\n")).tls().off()).isTrue();
        var unset = AgentConfigReader.read(write("interval_ms: 1000\n"));
        assertThat(unset.tls()).isEqualTo(AgentConfig.Tls.UNSET);
        assertThatThrownBy(() -> AgentConfigReader.read(write("tls: on\n")))
                .hasMessageContaining("tls must be one of off");
    }

    @Test
    void identitiesAreReadAndTheDefaultIsToWatchOnly() throws Exception {
        var config = AgentConfigReader.read(write("""
                identities:
                  - name: alice
                    role: operator
                    token_sha256: %s
                  - name: noc-wall
                    role: viewer
                    subject: "CN=noc-wall, O=Example"
                audit:
                  file: /var/lib/headroom-agent/audit.jsonl
                """.formatted(HASH)));
        assertThat(config.access().mode()).isEqualTo(AuthMode.IDENTITIES);
        assertThat(config.access().identities())
                .extracting(i -> i.name() + ":" + i.role())
                .containsExactly("alice:OPERATOR", "noc-wall:VIEWER");
        assertThat(config.access().policy(AccessPolicy.WATCH_ONLY).anonymousRole())
                .isEmpty();
        assertThat(config.audit().file()).isEqualTo(Path.of("/var/lib/headroom-agent/audit.jsonl"));

        var nothing = AgentConfigReader.read(write("interval_ms: 1000\n"));
        assertThat(nothing.access().policy(AccessPolicy.WATCH_ONLY).anonymousRole())
                .isEqualTo(Optional.of(Role.VIEWER));
        var open = AgentConfigReader.read(write("auth: none\n"));
        assertThat(open.access().policy(AccessPolicy.WATCH_ONLY)).isEqualTo(AccessPolicy.OPEN);
    }

    @Test
    void aTokenPastedWhereItsHashBelongsIsRefusedWithoutRepeatingIt() throws Exception {
        Path file = write("""
                identities:
                  - name: alice
                    role: operator
                    token_sha256: Zm9vYmFyLXNlY3JldC10b2tlbg
                """);
        assertThatThrownBy(() -> AgentConfigReader.read(file))
                .hasMessage(
                        file
                                + " line 4: identities[0].token_sha256 must be the 64 hex digits `headroom-agent token` prints, not the token itself")
                .hasMessageNotContaining("Zm9vYmFy");
    }

    @Test
    void contradictionsAreRefused() throws Exception {
        assertThatThrownBy(() -> AgentConfigReader.read(write("""
                auth: none
                identities:
                  - {name: alice, role: operator, token_sha256: %s}
                """.formatted(HASH))))
                .hasMessageContaining("auth none admits everyone");
        assertThatThrownBy(() -> AgentConfigReader.read(write("""
                identities:
                  - {name: alice, role: root, token_sha256: %s}
                """.formatted(HASH))))
                .hasMessageContaining("role must be one of viewer, technician, operator, was 'root'");
        assertThatThrownBy(() -> AgentConfigReader.read(write("""
                identities:
                  - {name: alice, role: operator, token_sha256: %s}
                  - {name: bob, role: viewer, token_sha256: %s}
                """.formatted(HASH, HASH))))
                .hasMessageContaining("each holder needs a token of their own");
        assertThatThrownBy(() -> AgentConfigReader.read(write("""
                identities:
                  - {name: alice, role: operator}
                """)))
                .hasMessageContaining("identity alice needs token_sha256");
    }
}

package io.headroom.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.AgentMainAccess;
import io.headroom.agent.access.AccessPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's safe defaults on the command line, and `headroom-agent token`. */
class AgentSecurityCommandLineTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return AgentMainAccess.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void aRelayOnTheNetworkWithoutTlsIsRefusedUntilToldPlaintextOnPurpose() throws Exception {
        assertThat(run("--relay", "--upstream", "127.0.0.1:1", "--bind", "0.0.0.0", "--port", "0"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("listening on 0.0.0.0 without TLS")
                .contains("tls: off")
                .doesNotContain("\tat ");
    }

    @Test
    void identitiesWithTokensNeedTls() throws Exception {
        Path file = Files.writeString(dir.resolve("agent.yaml"), """
                identities:
                  - name: alice
                    role: operator
                    token_sha256: %s
                """.formatted(AccessPolicy.tokenSha256("t")));
        assertThat(run("--config", file.toString(), "--simulate", "--gpus", "8", "--port", "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("identities with tokens need tls");
    }

    @Test
    void tokenPrintsANewTokenOnceAndTheLineThatHoldsOnlyItsHash() {
        assertThat(run("token", "--name", "alice", "--role", "technician")).isZero();
        var matcher = Pattern.compile("\\n  ([A-Za-z0-9_-]{43})\\n").matcher(out.toString());
        assertThat(matcher.find())
                .as("a 32-byte token in base64url in:%n%s", out)
                .isTrue();
        String token = matcher.group(1);
        assertThat(out.toString())
                .contains(
                        "  - name: alice\n    role: technician\n    token_sha256: " + AccessPolicy.tokenSha256(token));
        out.getBuffer().setLength(0);
        assertThat(run("token", "--name", "alice")).isZero();
        assertThat(out.toString()).doesNotContain(token).contains("role: viewer");
    }

    @Test
    void tokenRefusesAnUnknownRole() {
        assertThat(run("token", "--name", "alice", "--role", "admin")).isEqualTo(2);
        assertThat(err.toString()).contains("--role must be viewer, technician or operator, was 'admin'");
    }
}

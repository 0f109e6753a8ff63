package io.headroom.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.audit.ChainVerdict;
import io.headroom.store.LocalStore;
import io.headroom.store.audit.AuditLog;
import io.headroom.store.audit.rows.AuditEntry;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.security.ChannelSecurity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How the console is told to reach agents securely, and `headroom verify-audit`. */
class ConsoleSecurityOptionsTest {

    @TempDir
    Path dir;

    private static ConsoleSettings settings(String... args) {
        var main = new ConsoleMain();
        new CommandLine(main).parseArgs(args);
        return main.toSettings();
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void anAgentOnTheNetworkNeedsTlsOrPlaintextSaidOutLoud() throws Exception {
        assertThatThrownBy(() -> settings("--agent", "gpu-node-01:50051", "--no-store"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("gpu-node-01:50051 is not on this machine and no TLS is set for it");
        var endpoint = new AgentEndpoint("gpu-node-01", 50051);
        assertThat(settings("--agent", "gpu-node-01:50051", "--plaintext", "--no-store")
                        .securityFor(endpoint))
                .isInstanceOf(ChannelSecurity.Plaintext.class);
        Path ca = file("site-ca.crt", "not checked until connecting");
        assertThat(settings("--agent", "gpu-node-01:50051", "--tls-ca", ca.toString(), "--no-store")
                        .securityFor(endpoint))
                .isEqualTo(new ChannelSecurity.Tls(ca, null, null, null));
        assertThat(settings("--agent", "127.0.0.1:50051", "--no-store")
                        .securityFor(new AgentEndpoint("127.0.0.1", 50051)))
                .isInstanceOf(ChannelSecurity.Plaintext.class);
    }

    @Test
    void eachAgentsFileIsASiteWithItsOwnCa() throws Exception {
        Path hall3Ca = file("hall3-ca.crt", "x");
        Path commandLineCa = file("site-ca.crt", "x");
        Path hall3 = file("hall3.agents", "tls_ca = " + hall3Ca + "\nrelay-hall3:50100\n");
        Path plain = file("lab.agents", "lab-gpu-1:50051\n");
        var settings = settings(
                "--agent",
                "gpu-node-01:50051",
                "--agents-file",
                hall3.toString(),
                "--agents-file",
                plain.toString(),
                "--tls-ca",
                commandLineCa.toString(),
                "--no-store");
        assertThat(settings.securityFor(new AgentEndpoint("relay-hall3", 50100)))
                .isEqualTo(new ChannelSecurity.Tls(hall3Ca, null, null, null));
        assertThat(settings.securityFor(new AgentEndpoint("lab-gpu-1", 50051)))
                .isEqualTo(new ChannelSecurity.Tls(commandLineCa, null, null, null));
        assertThat(settings.securityFor(new AgentEndpoint("gpu-node-01", 50051)))
                .isEqualTo(new ChannelSecurity.Tls(commandLineCa, null, null, null));
    }

    @Test
    void aMissingCaFileIsNamedBeforeAnyWindowOpens() {
        var err = new StringWriter();
        int code = ConsoleMain.run(
                new String[] {"--agent", "gpu-node-01:50051", "--tls-ca", "/nowhere/ca.crt"},
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("gpu-node-01:50051: cannot read /nowhere/ca.crt (no such file)")
                .doesNotContain("\tat ");
    }

    private record Run(int code, String out, String err) {}

    private Run verifyAudit() {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = ConsoleMain.run(
                new String[] {"verify-audit", "--data-dir", dir.toString(), "--profile", "hall3"},
                new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void verifyAuditNamesTheFirstBrokenEntryOfAProfile() throws Exception {
        assertThat(verifyAudit().code()).as("no such profile yet").isEqualTo(2);
        try (LocalStore store = LocalStore.open(dir.resolve("hall3")).store()) {
            var audit = new AuditLog(store);
            for (int i = 1; i <= 4; i++) {
                audit.append(AuditEntry.of(
                        Instant.parse("2026-11-02T08:00:00Z").plusSeconds(i),
                        "ana",
                        "drain",
                        "gpu-node-0" + i,
                        "fan",
                        "APPLIED",
                        "",
                        "key-" + i));
            }
        }
        Run intact = verifyAudit();
        assertThat(intact.code()).isZero();
        assertThat(intact.out()).contains("profile hall3: audit trail verifies: 4 records");

        try (LocalStore store = LocalStore.open(dir.resolve("hall3")).store();
                Connection c = store.connect();
                Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER audit_log_append_only");
            s.execute("UPDATE audit_log SET actor = 'nobody' WHERE seq = 2");
            assertThat(new AuditLog(store).verify()).isInstanceOf(ChainVerdict.Broken.class);
        }
        Run broken = verifyAudit();
        assertThat(broken.code()).isEqualTo(1);
        assertThat(broken.err()).contains("profile hall3: audit trail broken at record 2: the record was changed");
    }
}

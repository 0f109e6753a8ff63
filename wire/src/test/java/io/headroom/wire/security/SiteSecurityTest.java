package io.headroom.wire.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.wire.AgentEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteSecurityTest {

    private static final AgentEndpoint REMOTE = new AgentEndpoint("gpu-node-01", 50051);

    @Test
    void plaintextOnlyToLoopbackUnlessSaidOutLoud() {
        assertThat(SiteSecurity.NONE.resolve(new AgentEndpoint("127.0.0.1", 50051)))
                .isInstanceOf(ChannelSecurity.Plaintext.class);
        assertThat(SiteSecurity.NONE.resolve(new AgentEndpoint("localhost", 50051)))
                .isInstanceOf(ChannelSecurity.Plaintext.class);
        assertThat(SiteSecurity.NONE.resolve(new AgentEndpoint("::1", 50051)))
                .isInstanceOf(ChannelSecurity.Plaintext.class);
        assertThatThrownBy(() -> SiteSecurity.NONE.resolve(REMOTE))
                .hasMessageContaining("gpu-node-01:50051 is not on this machine and no TLS is set for it");
        assertThat(new SiteSecurity(null, null, null, null, true).resolve(REMOTE))
                .isInstanceOf(ChannelSecurity.Plaintext.class);
    }

    @Test
    void aTokenNeverGoesInPlaintextAndItsFileMustBePrivate(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("console.token");
        Files.writeString(token, "s3cr3t-token-value\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> new SiteSecurity(null, null, null, token, true).resolve(REMOTE))
                .hasMessageContaining("plaintext cannot be combined");
        assertThatThrownBy(() -> new SiteSecurity(null, null, null, token, false).resolve(REMOTE))
                .hasMessageContaining("can be read by others")
                .hasMessageNotContaining("s3cr3t");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        var security = new SiteSecurity(null, null, null, token, false).resolve(REMOTE);
        assertThat(security).isInstanceOf(ChannelSecurity.Tls.class);
        assertThat(security.describe()).contains(token.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void aSitesOwnSettingsReplaceTheCommandLines() {
        var commandLine = new SiteSecurity(Path.of("/etc/a/ca.crt"), null, null, Path.of("/etc/a/token"), false);
        var site = new SiteSecurity(Path.of("/etc/b/ca.crt"), null, null, null, false);
        assertThat(site.orElse(commandLine)).isEqualTo(site);
        assertThat(SiteSecurity.NONE.orElse(commandLine)).isEqualTo(commandLine);
    }
}

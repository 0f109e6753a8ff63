package io.headroom.agent.source.redfish;

import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.config.AgentConfig.BmcHost;
import io.headroom.agent.source.RackReading;
import io.headroom.agent.source.SourceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Redfish against a stand-in iDRAC serving the Dell fixtures over HTTPS. Expected values are
 * read off the fixture files by hand: PowerControl says 429 W, Thermal lists 16 fans all OK
 * and, of temperatures, only "CPU1 Temp" (no inlet or exhaust sensor).
 */
class RedfishRackSourceTest {

    @TempDir
    Path dir;
    private DellBmc bmc;
    private RedfishRackSource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
        if (bmc != null) {
            bmc.close();
        }
    }

    private Path credentials(String content, String mode) throws Exception {
        Path file = dir.resolve("redfish.credentials");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private RedfishRackSource start(BmcHost host, Path credentials) throws SourceException {
        source = new RedfishRackSource(new AgentConfig.Redfish(credentials, List.of(host), 60_000, 2000),
                InstantSource.system());
        source.start();
        return source;
    }

    @Test
    void theBmcsOwnCertificateAsCaFile() throws Exception {
        bmc = DellBmc.https(dir);
        start(new BmcHost(bmc.url(), dir.resolve("bmc.pem"), false), credentials("root:calvin\n", "rw-------"));

        RackReading rack = source.latest();
        assertThat(rack).isNotNull();
        assertThat(rack.powerKw()).isEqualTo(0.429f);
        assertThat(rack.fansTotal()).isEqualTo(16);
        assertThat(rack.fansFailed()).isZero();
        assertThat(rack.inletC()).isNaN();
        assertThat(rack.outletC()).isNaN();
        assertThat(source.health().failures()).isZero();
    }

    @Test
    void anUntrustedCertificateIsAClearFailureNotACrash() throws Exception {
        bmc = DellBmc.https(dir);
        start(new BmcHost(bmc.url(), null, false), credentials("root:calvin\n", "rw-------"));

        assertThat(source.latest()).isNull();
        assertThat(source.health().lastProblem())
                .startsWith("TLS handshake with " + bmc.url() + " failed: the BMC's certificate is not trusted (")
                .endsWith("set ca_file to its certificate or CA, or insecure_skip_tls_verify: true for this host");
    }

    @Test
    void anExplicitOptOutForOneHostTrustsItsSelfSignedCertificate() throws Exception {
        bmc = DellBmc.https(dir);
        start(new BmcHost(bmc.url(), null, true), credentials("root:calvin\n", "rw-------"));

        assertThat(source.latest().powerKw()).isEqualTo(0.429f);
    }

    @Test
    void aCredentialsFileOthersCanReadIsRefused() throws Exception {
        bmc = DellBmc.http();
        Path file = credentials("root:calvin\n", "rw-r--r--");
        assertThatThrownBy(() -> start(new BmcHost(bmc.url(), null, false), file))
                .isInstanceOf(SourceException.class)
                .hasMessage("redfish: " + file + " can be read or changed by users other than its owner (mode rw-r--r--); "
                        + "it holds the BMC password, so the agent refuses it. Run: chmod 600 " + file);
    }

    @Test
    void wrongCredentialsAreNamedAsSuch() throws Exception {
        bmc = DellBmc.http();
        start(new BmcHost(bmc.url(), null, false), credentials("root:wrong\n", "rw-------"));

        assertThat(source.latest()).isNull();
        assertThat(source.health().lastProblem()).isEqualTo(bmc.url() + " refused the credentials (HTTP 401)");
    }

    @Test
    void aBmcThatIsNotThereIsRetriedNotFatal() throws Exception {
        bmc = DellBmc.http();
        URI url = bmc.url();
        bmc.close();
        bmc = null;
        start(new BmcHost(url, null, false), credentials("root:calvin\n", "rw-------"));

        assertThat(source.latest()).isNull();
        assertThat(source.health().lastProblem()).startsWith("cannot connect to " + url);
    }
}

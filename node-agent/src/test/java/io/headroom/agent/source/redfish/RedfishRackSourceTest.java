package io.headroom.agent.source.redfish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.config.AgentConfig.BmcHost;
import io.headroom.agent.source.RackReading;
import io.headroom.agent.source.SourceException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redfish against a stand-in iDRAC serving the Dell fixtures over HTTPS. Expected values are
 * read off the fixture files by hand: PowerControl says 429 W, Thermal lists 16 fans all OK
 * and, of temperatures, only "CPU1 Temp" (no inlet or exhaust sensor).
 */
class RedfishRackSourceTest {

    @TempDir
    Path dir;

    private DellBmc bmc;
    private HttpServer server;
    private RedfishRackSource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
        if (bmc != null) {
            bmc.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private Path credentials(String content, String mode) throws Exception {
        Path file = dir.resolve("redfish.credentials");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private RedfishRackSource start(BmcHost host, Path credentials) throws SourceException {
        source = new RedfishRackSource(
                new AgentConfig.Redfish(credentials, List.of(host), 60_000, 2000), InstantSource.system());
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
                .hasMessage(
                        "redfish: " + file + " can be read or changed by users other than its owner (mode rw-r--r--); "
                                + "it holds the BMC password, so the agent refuses it. Run: chmod 600 " + file);
    }

    @Test
    void wrongCredentialsAreNamedAsSuch() throws Exception {
        bmc = DellBmc.http();
        start(new BmcHost(bmc.url(), null, false), credentials("root:wrong\n", "rw-------"));

        assertThat(source.latest()).isNull();
        assertThat(source.health().lastProblem())
                .isEqualTo(
                        "BMC " + bmc.url() + " answered /redfish/v1/Systems with "
                                + "HTTP 401 (application/json): the credentials were refused; check the credentials file (asking again in 1 s)");
        assertThat(source.health().waiting()).isPositive();
    }

    @Test
    void aRefusedLoginIsAskedAgainAfterOneSecondDoublingToAMinuteNotEveryInterval() throws Exception {
        bmc = DellBmc.http();
        var now = new AtomicLong(1_000_000);
        InstantSource clock = () -> Instant.ofEpochMilli(now.get());
        source = new RedfishRackSource(
                new AgentConfig.Redfish(
                        credentials("root:calvin\n", "rw-------"),
                        List.of(new BmcHost(bmc.url(), null, false)),
                        60_000,
                        2000),
                clock);
        bmc.changePassword("rotated-by-someone-else");
        source.start(); // asks for /Systems: refused once; the poll right after leaves the BMC alone
        assertThat(bmc.requests()).isEqualTo(1);
        assertThat(source.health().waiting()).isEqualTo(Duration.ofSeconds(1));

        long[] expectedWaits = {2, 4, 8, 16, 32, 60, 60};
        long previous = 1;
        for (long seconds : expectedWaits) {
            int asked = bmc.requests();
            now.addAndGet(previous * 1000 - 1);
            source.poll();
            assertThat(bmc.requests())
                    .as("asked again before the backoff ended")
                    .isEqualTo(asked);
            now.addAndGet(1);
            source.poll();
            assertThat(bmc.requests()).as("asked again once the backoff ended").isEqualTo(asked + 1);
            assertThat(source.health().waiting()).isEqualTo(Duration.ofSeconds(seconds));
            assertThat(source.health().lastProblem()).endsWith("(asking again in " + seconds + " s)");
            previous = seconds;
        }
        assertThat(source.latest()).isNull();

        bmc.changePassword(DellBmc.PASSWORD);
        now.addAndGet(60_000);
        source.poll();
        assertThat(source.latest().powerKw()).isEqualTo(0.429f);
        assertThat(source.health().waiting()).isZero();
    }

    @Test
    void aBmcAnsweringItsLoginPageIsNamedWithItsHostStatusAndContentType() throws Exception {
        server = answering(200, "text/html; charset=utf-8", "<!DOCTYPE html><html><body>iDRAC Login</body></html>");
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        start(new BmcHost(url, null, false), credentials("root:calvin\n", "rw-------"));

        assertThat(source.latest()).isNull();
        assertThat(source.health().lastProblem())
                .startsWith("BMC " + url + " answered /redfish/v1/Chassis with HTTP 200 (text/html; charset=utf-8): "
                        + "/redfish/v1/Chassis is not valid JSON (line 1: Unexpected character")
                .endsWith("; an HTML page (a login page or a proxy's) is not Redfish: check the host's URL");
        assertThat(source.health().waiting()).isZero();
    }

    @Test
    void anyOtherStatusIsNamedWithItsHostResourceAndContentType() throws Exception {
        server = answering(503, "text/plain", "busy");
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        start(new BmcHost(url, null, false), credentials("root:calvin\n", "rw-------"));

        assertThat(source.health().lastProblem())
                .isEqualTo("BMC " + url + " answered /redfish/v1/Chassis with HTTP 503 "
                        + "(text/plain): expected 200 with a Redfish resource");
    }

    /** A web server that answers every path the same way, as a misconfigured BMC or a proxy in front of one does. */
    private static HttpServer answering(int status, String contentType, String body) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
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

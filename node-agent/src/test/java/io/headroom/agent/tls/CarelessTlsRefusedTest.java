package io.headroom.agent.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Attributes;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.headroom.agent.AgentMainAccess;
import io.headroom.agent.access.AccessPolicy;
import io.headroom.agent.audit.AuditTrail;
import io.headroom.agent.badinput.AttackRow;
import io.headroom.agent.server.EndpointSecurity;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetInventoryRequest;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.security.SiteSecurity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A careless TLS set-up is refused when the agent starts, in one line each: a private key
 * others can read, a key that is not the certificate's (it used to print "serving" and fail
 * every handshake with "internal error"), a certificate not yet valid, a chain that does not
 * link, a certificate the client CA did not sign. Failed handshakes are logged with the peer and
 * why, at most a line per peer a minute. make-site-ca refuses a validity that makes no sense.
 */
class CarelessTlsRefusedTest {

    @TempDir
    static Path dir;

    private static SiteCa site;
    private static SiteCa stranger;

    @BeforeAll
    static void makeCertificates() throws Exception {
        site = SiteCa.make(dir.resolve("site"), "Careless Test CA");
        site.run("agent", "localhost", "127.0.0.1");
        site.run("agent", "gpu-node-99");
        site.run("client", "console-alice");
        stranger = SiteCa.make(dir.resolve("stranger"), "Another Site CA");
        stranger.run("agent", "localhost", "127.0.0.1");
    }

    private static Path copy(Path file, String name, String permissions) throws Exception {
        Path copy = dir.resolve(name);
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString(permissions));
        return copy;
    }

    @Test
    void aPrivateKeyOthersCanReadIsRefused() throws Exception {
        Path key = copy(site.key("localhost"), "readable.key", "rw-r--r--");
        assertThatThrownBy(() -> new ServerTls(site.certificate("localhost"), key, null).credentials())
                .isInstanceOf(TlsFileException.class)
                .hasMessage("tls.private_key " + key + " can be read by users other than its owner (rw-r--r--); anyone "
                        + "who reads it can pose as this agent: chmod 600 " + key
                        + " (and chown it to the agent's user)");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() {
        assertThatThrownBy(
                        () -> new ServerTls(site.certificate("localhost"), site.key("gpu-node-99"), null).credentials())
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining("tls.private_key " + site.key("gpu-node-99")
                        + " is not the key of tls.certificate " + site.certificate("localhost") + " (CN=localhost)");
    }

    @Test
    void aCertificateNotYetValidIsRefused() throws Exception {
        // keytool can date a certificate's start in the future; openssl 3.0's x509 cannot.
        Path store = dir.resolve("future.p12");
        Files.deleteIfExists(store);
        run(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "a",
                "-keyalg",
                "EC",
                "-dname",
                "CN=tomorrow",
                "-startdate",
                "+1d",
                "-validity",
                "30",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit"));
        Path certificate = dir.resolve("future.crt");
        run(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-exportcert",
                "-rfc",
                "-alias",
                "a",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-file",
                certificate.toString()));
        assertThatThrownBy(() -> new ServerTls(certificate, site.key("localhost"), null).credentials())
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining("tls.certificate " + certificate + " is not valid until ")
                .hasMessageContaining("check this machine's clock");
    }

    @Test
    void aChainWhoseCertificatesDidNotSignEachOtherIsRefused() throws Exception {
        Path chain = dir.resolve("chain.crt");
        Files.writeString(chain, Files.readString(site.certificate("localhost")) + Files.readString(stranger.ca()));
        assertThatThrownBy(() -> new ServerTls(chain, site.key("localhost"), null).credentials())
                .hasMessageContaining(
                        "certificate 2 in the file (CN=Another Site CA) did not sign certificate 1 (CN=localhost)");
    }

    @Test
    void aCertificateTheClientCaDidNotSignIsRefused() {
        assertThatThrownBy(() -> new ServerTls(stranger.certificate("localhost"), stranger.key("localhost"), site.ca())
                        .credentials())
                .hasMessageContaining("tls.certificate " + stranger.certificate("localhost")
                        + " (issued by CN=Another Site CA) is not signed by tls.client_ca " + site.ca()
                        + " (CN=Careless Test CA)");
    }

    @Test
    void theAgentRefusesToStartWithOneLine() throws Exception {
        Path key = copy(site.key("localhost"), "start.key", "rw-rw-r--");
        Path config = Files.writeString(dir.resolve("agent.yaml"), """
                tls:
                  certificate: %s
                  private_key: %s
                """.formatted(site.certificate("localhost"), key));
        var out = new StringWriter();
        var err = new StringWriter();
        int code = AgentMainAccess.run(
                new String[] {"--config", config.toString(), "--simulate", "--gpus", "8", "--port", "0"},
                new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines().toList())
                .containsExactly("headroom-agent: tls.private_key " + key
                        + " can be read by users other than its owner (rw-rw-r--); anyone who reads it can pose as this agent: "
                        + "chmod 600 " + key + " (and chown it to the agent's user)");
        new AttackRow(
                        "6a",
                        "the agent started with a TLS private key others can read",
                        "refused to start, exit 2, one line: "
                                + AttackRow.quote(err.toString().replace(dir.toString(), "<dir>")),
                        "the administrator, at start (the same for a key not the certificate's, a certificate expired"
                                + " or not yet valid, a chain or client CA that did not sign it)")
                .write();
    }

    @Test
    void makeSiteCaRefusesAValidityThatMakesNoSense() throws Exception {
        for (String days : List.of("-1", "0", "100000", "ten")) {
            Process process = new ProcessBuilder(
                            "sh",
                            Path.of("..", "tools", "make-site-ca").toString(),
                            "agent",
                            site.dir().toString(),
                            "nonsense-" + days,
                            "--days",
                            days)
                    .redirectErrorStream(true)
                    .start();
            String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(said).isEqualTo(2);
            assertThat(said).contains("--days must be").contains("'" + days + "'");
            assertThat(site.certificate("nonsense-" + days)).doesNotExist();
        }
        new AttackRow(
                        "6b",
                        "make-site-ca --days -1, 0, 100000 or ten",
                        "each refused with exit 2 (\"--days must be ...\"), no certificate written",
                        "the administrator")
                .write();
    }

    @Test
    void failedHandshakesAreLoggedWithThePeerAndWhyAtMostALinePerPeerAMinute() throws Exception {
        var logged = new ListAppender<ILoggingEvent>();
        logged.start();
        var handshakeLog = (Logger) LoggerFactory.getLogger(FailedHandshakes.class);
        handshakeLog.addAppender(logged);
        var security = new EndpointSecurity(
                new ServerTls(site.certificate("localhost"), site.key("localhost"), site.ca()),
                AccessPolicy.OPEN,
                AuditTrail.NONE);
        try (var agent = SimulatorAgent.create(FleetShape.forGpus(64), 2, 1000, "", 5, InstantSource.system(), security)
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            for (int i = 0; i < 3; i++) {
                attempt(agent.port(), 11, InsecureChannelCredentials.create()); // plaintext to the TLS port
            }
            var endpoint = new AgentEndpoint("localhost", agent.port());
            attempt(
                    agent.port(),
                    12,
                    new SiteSecurity(stranger.ca(), null, null, null, false)
                            .resolve(endpoint)
                            .credentials());
            attempt(
                    agent.port(),
                    13,
                    new SiteSecurity(site.ca(), null, null, null, false)
                            .resolve(endpoint)
                            .credentials());

            await().atMost(Duration.ofSeconds(20)).until(() -> logged.list.size() >= 3);
        } finally {
            handshakeLog.detachAppender(logged);
        }
        List<String> lines =
                logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines)
                .as("one line per peer, though 127.0.0.11 failed three times")
                .hasSize(3);
        assertThat(lines)
                .anySatisfy(
                        l -> assertThat(l)
                                .isEqualTo(
                                        "TLS handshake from 127.0.0.11 failed: it did not speak TLS (plaintext, or another protocol, to this TLS port)"));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .startsWith("TLS handshake from 127.0.0.12 failed: ")
                        .contains("does not trust this agent's certificate"));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .isEqualTo("TLS handshake from 127.0.0.13 failed: it sent no "
                                + "client certificate, and this agent requires one signed by tls.client_ca"));
        new AttackRow(
                        "6c",
                        "plaintext to the TLS port (3 times), a client trusting another CA, a client without a"
                                + " certificate to a mutual-TLS agent",
                        "one WARN line per peer a minute, with its address and why: " + AttackRow.quote(lines.get(0)),
                        "the agent's log")
                .write();
    }

    @Test
    void aPeerFailingAllMinuteGetsOneLineAMinuteWithACount() {
        var clock = new AtomicLong();
        var handshakes = new FailedHandshakes(clock::get);
        assertThat(handshakes.failed("10.0.0.5", "x")).isTrue();
        for (int i = 0; i < 100; i++) {
            assertThat(handshakes.failed("10.0.0.5", "x")).isFalse();
        }
        clock.addAndGet(TimeUnit.SECONDS.toNanos(61));
        assertThat(handshakes.failed("10.0.0.5", "x")).isTrue();
        assertThat(handshakes.failures()).isEqualTo(102);
    }

    /** One call from 127.0.0.{@code n}, expected to fail in the handshake. */
    private static void attempt(int port, int n, ChannelCredentials credentials) throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), credentials)
                .overrideAuthority("localhost")
                .localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
                    @Override
                    public SocketAddress createSocketAddress(SocketAddress remote, Attributes attributes) {
                        return new InetSocketAddress("127.0.0." + n, 0);
                    }
                })
                .build();
        try {
            assertThatThrownBy(() -> AgentGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(10, TimeUnit.SECONDS)
                            .getInventory(GetInventoryRequest.getDefaultInstance()))
                    .isInstanceOf(StatusRuntimeException.class);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(said).isZero();
    }
}

package io.headroom.agent.source.redfish;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.headroom.agent.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A stand-in iDRAC on loopback serving the Dell Redfish fixtures, over HTTP or over HTTPS with
 * a self-signed certificate made by the JDK's keytool. The two collections (Chassis, Systems)
 * are not in the fixtures and are written here by hand, one member each.
 */
public final class DellBmc implements AutoCloseable {

    public static final String USER = "root";
    public static final String PASSWORD = "calvin";
    private static final String CHASSIS = "/redfish/v1/Chassis/System.Embedded.1";
    private static final String SYSTEM = "/redfish/v1/Systems/System.Embedded.1";

    private final HttpServer server;
    private final String scheme;
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    private volatile String password = PASSWORD;

    private DellBmc(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        Map<String, String> documents = Map.of(
                "/redfish/v1/Chassis",
                collection(CHASSIS),
                CHASSIS,
                Fixtures.read("redfish/dell_chassis.json"),
                CHASSIS + "/Power",
                Fixtures.read("redfish/dell_power.json"),
                CHASSIS + "/Thermal",
                Fixtures.read("redfish/dell_thermal.json"),
                "/redfish/v1/Systems",
                collection(SYSTEM),
                SYSTEM,
                Fixtures.read("redfish/dell_systems.json"));
        server.createContext("/redfish/v1/", exchange -> {
            requests.incrementAndGet();
            answer(exchange, documents);
        });
        server.start();
    }

    public static DellBmc http() throws IOException {
        return new DellBmc(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), "http");
    }

    /** HTTPS with a fresh self-signed certificate for 127.0.0.1; its PEM is written to {@code dir/bmc.pem}. */
    public static DellBmc https(Path dir) throws Exception {
        Path keystore = dir.resolve("bmc.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "bmc",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=idrac-test",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "bmc",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-file",
                dir.resolve("bmc.pem").toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new DellBmc(server, "https");
    }

    private static void keytool(String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }

    public URI url() {
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    private static String collection(String member) {
        return "{\"Members\": [{\"@odata.id\": \"" + member + "\"}], \"Members@odata.count\": 1}";
    }

    /** Requests it has answered, refused or not. */
    public int requests() {
        return requests.get();
    }

    /** What an operator does at the BMC when the agent's password is the one that is right. */
    public void changePassword(String newPassword) {
        password = newPassword;
    }

    private void answer(HttpExchange exchange, Map<String, String> documents) throws IOException {
        String expected =
                "Basic " + Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        String document = documents.get(exchange.getRequestURI().getPath());
        int status = !expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                ? 401
                : document == null ? 404 : 200;
        byte[] body = (status == 200 ? document : "{\"error\": {\"code\": \"Base.1.0.GeneralError\"}}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package io.headroom.agent.reclaim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A robot on loopback HTTPS (a fresh self-signed certificate from the JDK's keytool): it
 * records every request and answers as scripted (shared by the owner notices' and the incidents' webhook tests), 200 {"errcode":0,"errmsg":"ok"} when nothing is.
 */
public final class RobotServer implements AutoCloseable {

    public record Received(URI uri, Map<String, List<String>> headers, String body) {}

    /** One scripted answer; {@code hang} never answers (until the server closes), for timeouts. */
    public record Answer(int status, String body, boolean hang) {
        public static Answer of(int status, String body) {
            return new Answer(status, body, false);
        }

        public static Answer hanging() {
            return new Answer(0, "", true);
        }
    }

    private final HttpsServer server;
    private final SSLContext clientTls;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    public final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();

    /** A fresh self-signed certificate for 127.0.0.1 in {@code dir}; make it once per test class (keytool is slow). */
    public static Path keystore(Path dir) throws Exception {
        Path keystore = dir.resolve("robot.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "robot",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=robot-test",
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
        return keystore;
    }

    public RobotServer(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** What a client must trust to talk to this robot. */
    public SSLContext clientTls() {
        return clientTls;
    }

    public URI url(String pathAndQuery) {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    public RobotServer answer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    private void handle(HttpExchange exchange) throws java.io.IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestURI(), Map.copyOf(exchange.getRequestHeaders()), body));
        Answer answer = script.poll();
        if (answer == null) {
            answer = Answer.of(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
        }
        if (answer.hang()) {
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}

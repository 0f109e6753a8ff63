package io.headroom.agent.source.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import io.headroom.agent.config.AgentConfig.BmcHost;
import io.headroom.agent.source.Backoff;
import io.headroom.agent.source.SourceException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.InstantSource;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * One baseboard management controller, spoken to over Redfish: finds the chassis that has
 * {@code Power} and {@code Thermal} resources once, then reads those two on every poll.
 */
final class Bmc implements AutoCloseable {

    private final URI base;
    private final BmcCredentials credentials;
    private final Duration timeout;
    private final HttpClient http;
    private final InstantSource clock;
    private final Backoff backoff;
    private URI power;
    private URI thermal;
    // A refused login is not retried every interval: BMCs lock the account after a few failures,
    // and a wrong password will not fix itself. Guarded by this.
    private int refusalsInARow;
    private long askAgainAtMillis;

    Bmc(BmcHost host, BmcCredentials credentials, Duration timeout, InstantSource clock, Backoff backoff)
            throws SourceException {
        this.base = host.url();
        this.credentials = credentials;
        this.timeout = timeout;
        this.clock = clock;
        this.backoff = backoff;
        SSLContext tls = host.caFile() != null
                ? BmcTrust.forCaFile(host.caFile())
                : host.insecureSkipTlsVerify() ? BmcTrust.trustingAnything() : BmcTrust.systemDefault();
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    URI url() {
        return base;
    }

    /** How long this BMC is still left alone after refusing the credentials; zero when it may be asked now. */
    synchronized Duration waiting() {
        return Duration.ofMillis(Math.max(0, askAgainAtMillis - clock.millis()));
    }

    /** The backoff its last refusal started (1 s doubling to 1 min); zero once it accepts the credentials. */
    synchronized Duration backoff() {
        return refusalsInARow == 0 ? Duration.ZERO : backoff.after(refusalsInARow);
    }

    /** Reads the chassis's power and temperatures now. */
    ChassisReading read() throws IOException, InterruptedException {
        if (power == null || thermal == null) {
            discover();
        }
        try {
            return ChassisReading.of(get(power).json(), get(thermal).json());
        } catch (IOException e) {
            power = null; // the BMC may have been reset or replaced: look again next time
            throw e;
        }
    }

    /** The server this BMC manages, or null when it does not say. */
    ServerIdentity identify() throws IOException, InterruptedException {
        Answer systems = get(base.resolve("/redfish/v1/Systems"));
        for (JsonNode member : systems.json().path("Members")) {
            return ServerIdentity.of(get(link(systems, member)).json());
        }
        return null;
    }

    private void discover() throws IOException, InterruptedException {
        Answer chassisList = get(base.resolve("/redfish/v1/Chassis"));
        for (JsonNode member : chassisList.json().path("Members")) {
            Answer chassis = get(link(chassisList, member));
            if (chassis.json().path("Power").has("@odata.id")
                    && chassis.json().path("Thermal").has("@odata.id")) {
                power = link(chassis, chassis.json().path("Power"));
                thermal = link(chassis, chassis.json().path("Thermal"));
                return;
            }
        }
        throw chassisList.failure("no chassis with Power and Thermal resources");
    }

    private URI link(Answer from, JsonNode reference) throws IOException {
        try {
            return RedfishJson.link(base, reference, from.uri().getPath());
        } catch (IOException e) {
            throw from.failure(e.getMessage());
        }
    }

    /**
     * One resource as the BMC answered it. Every failure names the BMC, the resource, the HTTP
     * status and the content type: "not valid JSON" alone does not tell an operator that one of
     * forty BMCs answers its web login page instead of Redfish.
     */
    private record Answer(URI base, URI uri, int status, String contentType, JsonNode json) {

        IOException failure(String problem) {
            return new IOException("BMC " + base + " answered " + uri.getPath() + " with HTTP " + status + " ("
                    + contentType + "): " + problem);
        }
    }

    /** GETs a Redfish resource, turning every way it can fail into one sentence for the operator. */
    private Answer get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", credentials.basicAuthorization())
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (SSLHandshakeException e) {
            throw new IOException(
                    "TLS handshake with " + base + " failed: the BMC's certificate is not trusted (" + rootMessage(e)
                            + "); set ca_file to its certificate or CA, or insecure_skip_tls_verify: true for this host");
        } catch (HttpTimeoutException e) {
            throw new IOException(
                    "no answer from " + base + " for " + uri.getPath() + " within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            // The JDK client says little here ("ClosedChannelException"): it was refused or unreachable.
            throw new IOException(
                    "cannot connect to " + base + " (refused or unreachable: is the BMC up and on this network?)");
        }
        int status = response.statusCode();
        String contentType = response.headers().firstValue("Content-Type").orElse("no Content-Type");
        var answer = new Answer(base, uri, status, contentType, null);
        if (status == 401 || status == 403) {
            Duration wait = refused();
            throw answer.failure(
                    "the credentials were refused; check the credentials file (asking again in " + words(wait) + ")");
        }
        answered();
        if (status != 200) {
            throw answer.failure("expected 200 with a Redfish resource");
        }
        try {
            return new Answer(base, uri, status, contentType, RedfishJson.parse(response.body(), uri.getPath()));
        } catch (IOException e) {
            boolean page = contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/html");
            throw answer.failure(e.getMessage()
                    + (page
                            ? "; an HTML page (a login page or a proxy's) is not Redfish:" + " check the host's URL"
                            : ""));
        }
    }

    private synchronized Duration refused() {
        Duration wait = backoff.after(++refusalsInARow);
        askAgainAtMillis = clock.millis() + wait.toMillis();
        return wait;
    }

    private synchronized void answered() {
        refusalsInARow = 0;
        askAgainAtMillis = 0;
    }

    private static String words(Duration wait) {
        return wait.toMillis() % 1000 == 0 ? wait.toSeconds() + " s" : wait.toMillis() + " ms";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() {
        http.close();
    }
}

package io.headroom.agent.source.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import io.headroom.agent.config.AgentConfig.BmcHost;
import io.headroom.agent.source.SourceException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * One baseboard management controller, spoken to over Redfish: finds the chassis that has
 * {@code Power} and {@code Thermal} resources once, then reads those two on every poll.
 */
final class Bmc implements AutoCloseable {

    private final URI base;
    private final BmcCredentials credentials;
    private final Duration timeout;
    private final HttpClient http;
    private URI power;
    private URI thermal;

    Bmc(BmcHost host, BmcCredentials credentials, Duration timeout) throws SourceException {
        this.base = host.url();
        this.credentials = credentials;
        this.timeout = timeout;
        SSLContext tls = host.caFile() != null ? BmcTrust.forCaFile(host.caFile())
                : host.insecureSkipTlsVerify() ? BmcTrust.trustingAnything() : BmcTrust.systemDefault();
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI url() {
        return base;
    }

    /** Reads the chassis's power and temperatures now. */
    ChassisReading read() throws IOException, InterruptedException {
        if (power == null || thermal == null) {
            discover();
        }
        try {
            return ChassisReading.of(get(power), get(thermal));
        } catch (IOException e) {
            power = null; // the BMC may have been reset or replaced: look again next time
            throw e;
        }
    }

    /** The server this BMC manages, or null when it does not say. */
    ServerIdentity identify() throws IOException, InterruptedException {
        for (JsonNode member : get(base.resolve("/redfish/v1/Systems")).path("Members")) {
            return ServerIdentity.of(get(RedfishJson.link(base, member, "/redfish/v1/Systems")));
        }
        return null;
    }

    private void discover() throws IOException, InterruptedException {
        JsonNode chassisList = get(base.resolve("/redfish/v1/Chassis"));
        for (JsonNode member : chassisList.path("Members")) {
            URI at = RedfishJson.link(base, member, "/redfish/v1/Chassis");
            JsonNode chassis = get(at);
            if (chassis.path("Power").has("@odata.id") && chassis.path("Thermal").has("@odata.id")) {
                power = RedfishJson.link(base, chassis.path("Power"), at.getPath());
                thermal = RedfishJson.link(base, chassis.path("Thermal"), at.getPath());
                return;
            }
        }
        throw new IOException("no chassis with Power and Thermal resources under /redfish/v1/Chassis");
    }

    /** GETs a Redfish resource, turning every way it can fail into one sentence for the operator. */
    JsonNode get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                .header("Authorization", credentials.basicAuthorization()).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (SSLHandshakeException e) {
            throw new IOException("TLS handshake with " + base + " failed: the BMC's certificate is not trusted ("
                    + rootMessage(e) + "); set ca_file to its certificate or CA, or insecure_skip_tls_verify: true for this host");
        } catch (HttpTimeoutException e) {
            throw new IOException("no answer from " + base + " within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            // The JDK client says little here ("ClosedChannelException"): it was refused or unreachable.
            throw new IOException("cannot connect to " + base + " (refused or unreachable: is the BMC up and on this network?)");
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new IOException(base + " refused the credentials (HTTP " + status + ")");
        }
        if (status != 200) {
            throw new IOException(uri.getPath() + " answered HTTP " + status);
        }
        return RedfishJson.parse(response.body(), uri.getPath());
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

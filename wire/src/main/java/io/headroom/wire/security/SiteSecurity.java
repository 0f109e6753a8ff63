package io.headroom.wire.security;

import io.headroom.wire.AgentEndpoint;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The TLS settings for a group of agents (a site, an agents file, or every agent named on the
 * command line) as the operator wrote them; {@link #resolve} turns them into the security of
 * one connection. Absent settings are null.
 *
 * <p>The rule: TLS whenever a CA, a client certificate or a token is given; plaintext to a
 * loopback address without any; anything else needs {@code plaintext} said out loud, so an
 * agent on the network is never reached unencrypted by accident.
 *
 * @param ca          the site CA agents' certificates are checked against
 * @param certificate client certificate (for agents that require mutual TLS)
 * @param privateKey  its key
 * @param tokenFile   a file holding a bearer token
 * @param plaintext   true: no TLS, on purpose
 */
public record SiteSecurity(Path ca, Path certificate, Path privateKey, Path tokenFile, boolean plaintext) {

    public static final SiteSecurity NONE = new SiteSecurity(null, null, null, null, false);

    /** What the setting names in agents files and relay configuration are. */
    public static final String CA = "tls_ca",
            CERTIFICATE = "tls_certificate",
            PRIVATE_KEY = "tls_private_key",
            TOKEN_FILE = "token_file",
            PLAINTEXT = "plaintext";

    public boolean isEmpty() {
        return equals(NONE);
    }

    /**
     * These settings, or {@code defaults} when none are given here. A site that says anything about
     * its security says all of it: nothing is mixed from the command line into a site's settings.
     */
    public SiteSecurity orElse(SiteSecurity defaults) {
        return isEmpty() ? defaults : this;
    }

    /**
     * The security of the connection to {@code endpoint}, with its files read and checked.
     *
     * @throws IllegalArgumentException saying which setting is wrong or missing, and how to fix it
     */
    public ChannelSecurity resolve(AgentEndpoint endpoint) {
        if ((certificate == null) != (privateKey == null)) {
            throw new IllegalArgumentException(
                    endpoint + ": a client certificate and its private key go together; give both");
        }
        if (plaintext) {
            if (ca != null || certificate != null || tokenFile != null) {
                throw new IllegalArgumentException(endpoint + ": plaintext cannot be combined with a CA, a client "
                        + "certificate or a token (a token sent in plaintext can be read off the network)");
            }
            return new ChannelSecurity.Plaintext();
        }
        if (ca == null && certificate == null && tokenFile == null) {
            if (isLoopback(endpoint.host())) {
                return new ChannelSecurity.Plaintext();
            }
            throw new IllegalArgumentException(
                    endpoint + " is not on this machine and no TLS is set for it: give the site " + "CA (--tls-ca, or "
                            + CA + " in its agents file), or say plaintext on purpose (--plaintext)");
        }
        for (Path file : new Path[] {ca, certificate, privateKey}) {
            if (file != null && !Files.isReadable(file)) {
                throw new IllegalArgumentException(endpoint + ": cannot read " + file
                        + (Files.exists(file) ? " (permission denied)" : " (no such file)"));
            }
        }
        return new ChannelSecurity.Tls(
                ca, certificate, privateKey, tokenFile == null ? null : BearerToken.read(tokenFile));
    }

    /** localhost, 127.0.0.0/8 or ::1, by the text alone (no name lookup). */
    static boolean isLoopback(String host) {
        if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.ofLiteral(host).isLoopbackAddress();
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }

    /**
     * Reads one {@code name = value} settings line of an agents file into these settings.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public SiteSecurity with(String name, String value) {
        Path path = value.isBlank() ? null : Path.of(value.strip());
        return switch (name) {
            case CA -> new SiteSecurity(path, certificate, privateKey, tokenFile, plaintext);
            case CERTIFICATE -> new SiteSecurity(ca, path, privateKey, tokenFile, plaintext);
            case PRIVATE_KEY -> new SiteSecurity(ca, certificate, path, tokenFile, plaintext);
            case TOKEN_FILE -> new SiteSecurity(ca, certificate, privateKey, path, plaintext);
            case PLAINTEXT ->
                switch (value.strip()) {
                    case "true", "yes" -> new SiteSecurity(ca, certificate, privateKey, tokenFile, true);
                    case "false", "no" -> new SiteSecurity(ca, certificate, privateKey, tokenFile, false);
                    default ->
                        throw new IllegalArgumentException(
                                PLAINTEXT + " must be true or false, was '" + value.strip() + "'");
                };
            default ->
                throw new IllegalArgumentException("unknown setting '" + name + "' (known: " + CA + ", " + CERTIFICATE
                        + ", " + PRIVATE_KEY + ", " + TOKEN_FILE + ", " + PLAINTEXT + ")");
        };
    }
}

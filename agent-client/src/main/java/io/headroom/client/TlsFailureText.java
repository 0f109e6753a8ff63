package io.headroom.client;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failed TLS handshake in words: which side refused whose certificate, and why. gRPC reports
 * them all as "UNAVAILABLE: io exception"; the reason is deep in the cause chain (the JDK's
 * certificate checks on our side, an alert from the agent's TLS library on theirs).
 */
final class TlsFailureText {
    private TlsFailureText() {}

    private static final Pattern NAMES = Pattern.compile("subjectAlternativeNames=\\[([^\\]]*)\\]");
    private static final Pattern HOST = Pattern.compile("matching (\\S+?)\\.? found");

    /** The reason, or null when the failure is not about TLS. */
    static String of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof CertificateExpiredException) {
                return "the agent's certificate has expired (" + message.replace("NotAfter: ", "valid until ")
                        + "); give it a new one (tools/make-site-ca agent)";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "the agent's certificate is not valid yet (" + message + "); check both machines' clocks";
            }
            if (message.contains("No subject alternative") || message.contains("No name matching")) {
                Matcher names = NAMES.matcher(message);
                Matcher host = HOST.matcher(message);
                return "the agent's certificate is not for "
                        + (host.find() ? host.group(1) : "the name the console uses")
                        + (names.find() ? " (it is for " + names.group(1) + ")" : "")
                        + "; connect by a name it lists, or give the agent a certificate that lists this one";
            }
            if (message.contains("unable to find valid certification path")
                    || message.contains("PKIX path building failed")) {
                return "the agent's certificate is not signed by the site CA this console trusts "
                        + "(another site's agent, or the wrong CA file)";
            }
            String upper = message.toUpperCase(Locale.ROOT);
            if (upper.contains("CERTIFICATE_REQUIRED")) {
                return "the agent requires a client certificate signed by its client CA, and this console sent none it accepts "
                        + "(set a client certificate and key for this agent)";
            }
            if (upper.contains("ALERT_BAD_CERTIFICATE")
                    || upper.contains("ALERT_UNKNOWN_CA")
                    || upper.contains("ALERT_CERTIFICATE_UNKNOWN")
                    || upper.contains("ALERT_CERTIFICATE_EXPIRED")) {
                return "the agent refused this console's client certificate (not signed by its client CA, or expired)";
            }
            if (t.getClass().getSimpleName().equals("NotSslRecordException")
                    || message.contains("not an SSL/TLS record")) {
                return "the agent does not speak TLS (a plaintext agent? then connect to it with plaintext on purpose)";
            }
        }
        return null;
    }
}

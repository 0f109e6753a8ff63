package io.headroom.agent.tls;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * TLS for an agent's or relay's port from PEM files: its certificate (chain) and private key,
 * and optionally the CA that client certificates must be signed by, which makes mutual TLS
 * required. The files are checked when the agent starts, so a wrong path, a key in a format
 * the TLS library cannot read or an expired certificate is one clear line, not a stack trace
 * at the first connection.
 *
 * @param certificate PEM certificate, the agent's own first, then any intermediates
 * @param privateKey  PEM PKCS#8 private key ("BEGIN PRIVATE KEY", as openssl genpkey writes)
 * @param clientCa    PEM CA certificate(s) client certificates must chain to; null: no client certificates asked for
 * @param clientCertificateOptional with a client CA: admit clients without a certificate too (they then need a
 *                    token), so one agent serves certificate holders and token holders alike
 */
public record ServerTls(Path certificate, Path privateKey, Path clientCa, boolean clientCertificateOptional) {

    /** Mutual TLS required whenever a client CA is given. */
    public ServerTls(Path certificate, Path privateKey, Path clientCa) {
        this(certificate, privateKey, clientCa, false);
    }

    public boolean mutual() {
        return clientCa != null && !clientCertificateOptional;
    }

    /**
     * Checks the files and builds the server's credentials. A careless set-up is refused here,
     * in one line, rather than served: a private key others can read, a certificate that has
     * expired or is not yet valid, a key that is not the certificate's, a chain whose
     * certificates did not sign each other, a certificate the client CA did not sign.
     */
    public ServerCredentials credentials() throws TlsFileException {
        List<X509Certificate> chain = List.copyOf(certificates(certificate, "tls.certificate"));
        X509Certificate own = chain.getFirst();
        Instant now = Instant.now();
        if (own.getNotAfter().toInstant().isBefore(now)) {
            throw new TlsFileException("tls.certificate " + certificate + " expired on "
                    + own.getNotAfter().toInstant() + "; make a new one (tools/make-site-ca agent ...)");
        }
        if (own.getNotBefore().toInstant().isAfter(now)) {
            throw new TlsFileException("tls.certificate " + certificate + " is not valid until "
                    + own.getNotBefore().toInstant() + "; check this machine's clock, or make a certificate valid now");
        }
        checkKey();
        CertificateChecks.keyIsPrivate(privateKey);
        CertificateChecks.keyMatches(own, privateKey, certificate);
        CertificateChecks.chainLinks(chain, certificate);
        if (clientCa != null) {
            CertificateChecks.signedBy(
                    chain, List.copyOf(certificates(clientCa, "tls.client_ca")), certificate, clientCa);
        }
        try {
            var builder = TlsServerCredentials.newBuilder().keyManager(certificate.toFile(), privateKey.toFile());
            if (clientCa != null) {
                builder.trustManager(clientCa.toFile())
                        .clientAuth(
                                clientCertificateOptional
                                        ? TlsServerCredentials.ClientAuth.OPTIONAL
                                        : TlsServerCredentials.ClientAuth.REQUIRE);
            }
            return builder.build();
        } catch (IOException | IllegalArgumentException e) {
            throw new TlsFileException(
                    "tls: cannot use certificate " + certificate + " with key " + privateKey + ": " + e.getMessage());
        }
    }

    /** One line for the start-up log. */
    public String describe() {
        return "TLS with " + certificate
                + (clientCa == null
                        ? ""
                        : ", client certificates " + (clientCertificateOptional ? "accepted" : "required")
                                + " (signed by " + clientCa + ")");
    }

    private static Collection<? extends X509Certificate> certificates(Path file, String key) throws TlsFileException {
        try (InputStream in = Files.newInputStream(file)) {
            @SuppressWarnings("unchecked")
            var all = (Collection<? extends X509Certificate>)
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (all.isEmpty()) {
                throw new TlsFileException(key + " " + file + " holds no PEM certificate");
            }
            return all;
        } catch (IOException e) {
            throw new TlsFileException(key + ": cannot read " + file + " (" + e.getMessage() + ")");
        } catch (CertificateException e) {
            throw new TlsFileException(key + " " + file + " is not a PEM certificate: " + e.getMessage());
        }
    }

    private void checkKey() throws TlsFileException {
        String pem;
        try {
            pem = Files.readString(privateKey, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TlsFileException("tls.private_key: cannot read " + privateKey + " (" + e.getMessage() + ")");
        }
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new TlsFileException(
                    "tls.private_key " + privateKey + " is in the old PKCS#1/SEC1 format; convert it "
                            + "with: openssl pkcs8 -topk8 -nocrypt -in " + privateKey + " -out agent.pk8.key");
        }
        if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new TlsFileException(
                    "tls.private_key " + privateKey + " is encrypted; the agent needs it unencrypted "
                            + "(readable by the agent's user only): openssl pkcs8 -topk8 -nocrypt -in " + privateKey);
        }
        if (!pem.contains("BEGIN PRIVATE KEY")) {
            throw new TlsFileException("tls.private_key " + privateKey + " is not a PEM private key");
        }
    }
}

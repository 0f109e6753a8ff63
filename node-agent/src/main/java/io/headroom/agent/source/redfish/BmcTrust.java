package io.headroom.agent.source.redfish;

import io.headroom.agent.source.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Whom the agent trusts when it talks HTTPS to a BMC: the certificates in the host's
 * {@code ca_file} (usually the BMC's own self-signed certificate, or the site's CA), the JDK's
 * default trust store when none is given, or, only when the operator opted out for that host
 * with {@code insecure_skip_tls_verify}, anybody.
 */
final class BmcTrust {
    private BmcTrust() {}

    static SSLContext forCaFile(Path caFile) throws SourceException {
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new SourceException("redfish: " + caFile + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("bmc-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new SourceException("redfish: cannot read ca_file " + caFile + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new SourceException("redfish: ca_file " + caFile + " is not a PEM certificate: " + e.getMessage());
        }
    }

    static SSLContext systemDefault() throws SourceException {
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new SourceException("redfish: no default TLS context: " + e.getMessage());
        }
    }

    /**
     * Accepts any certificate and any name. An {@link X509ExtendedTrustManager} is where the JDK
     * checks the host name, so this one skips that too, for this host's client only.
     */
    static SSLContext trustingAnything() throws SourceException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AcceptAll()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new SourceException("redfish: cannot set up TLS: " + e.getMessage());
        }
    }

    private static final class AcceptAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

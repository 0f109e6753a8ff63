package io.headroom.agent.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The checks an agent makes of its TLS files before it serves with them, each failing with one
 * line that names the setting, the file and what to do. Without them a certificate with the
 * wrong key printed "serving" and then failed every handshake with "internal error".
 */
final class CertificateChecks {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE);

    private CertificateChecks() {}

    /** The private key must be readable by the agent's user only. */
    static void keyIsPrivate(Path key) throws TlsFileException {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(key);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: nothing to check here
        } catch (IOException e) {
            throw new TlsFileException("tls.private_key: cannot read " + key + " (" + e.getMessage() + ")");
        }
        if (permissions.stream().anyMatch(OTHERS::contains)) {
            throw new TlsFileException("tls.private_key " + key + " can be read by users other than its owner ("
                    + PosixFilePermissions.toString(permissions) + "); anyone who reads it can pose as this agent: "
                    + "chmod 600 " + key + " (and chown it to the agent's user)");
        }
    }

    /** The private key must be the one the certificate was made for: a signature made with it verifies with the certificate. */
    static void keyMatches(X509Certificate own, Path key, Path certificate) throws TlsFileException {
        PrivateKey privateKey = read(key, own.getPublicKey().getAlgorithm());
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> null;
        };
        if (algorithm == null) {
            return; // a key type this check does not know: the TLS library will say at the first handshake
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(own.getPublicKey());
            verifier.update(challenge);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another kind than the certificate's: not its key either
        }
        throw new TlsFileException("tls.private_key " + key + " is not the key of tls.certificate " + certificate + " ("
                + own.getSubjectX500Principal().getName()
                + "); every handshake would fail: use the key that was made with "
                + "that certificate");
    }

    private static PrivateKey read(Path key, String algorithm) throws TlsFileException {
        try {
            String pem = Files.readString(key, StandardCharsets.US_ASCII);
            int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
            int end = pem.indexOf("-----END PRIVATE KEY-----");
            byte[] der =
                    Base64.getMimeDecoder().decode(pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
            for (String kind : List.of(algorithm, "EC", "RSA", "Ed25519", "Ed448")) {
                try {
                    return KeyFactory.getInstance(kind).generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (GeneralSecurityException e) {
                    // try the next kind
                }
            }
            throw new TlsFileException("tls.private_key " + key + " is not a private key this agent can read");
        } catch (IOException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new TlsFileException("tls.private_key " + key + " is not a PEM private key");
        }
    }

    /** Each certificate in the file, after the first, must have signed the one before it. */
    static void chainLinks(List<X509Certificate> chain, Path certificate) throws TlsFileException {
        for (int i = 0; i + 1 < chain.size(); i++) {
            if (!signed(chain.get(i + 1), chain.get(i))) {
                throw new TlsFileException("tls.certificate " + certificate + ": certificate " + (i + 2)
                        + " in the file ("
                        + chain.get(i + 1).getSubjectX500Principal().getName() + ") did not sign certificate " + (i + 1)
                        + " (" + chain.get(i).getSubjectX500Principal().getName()
                        + "); put the agent's certificate first, "
                        + "then the CA certificates that signed it, in order");
            }
        }
    }

    /** The chain must end in a certificate one of the given CAs signed, or in one of them. */
    static void signedBy(List<X509Certificate> chain, List<X509Certificate> cas, Path certificate, Path caFile)
            throws TlsFileException {
        X509Certificate top = chain.getLast();
        for (X509Certificate ca : cas) {
            if (ca.equals(top) || signed(ca, top)) {
                return;
            }
        }
        throw new TlsFileException("tls.certificate " + certificate + " (issued by "
                + top.getIssuerX500Principal().getName()
                + ") is not signed by tls.client_ca " + caFile + " ("
                + cas.getFirst().getSubjectX500Principal().getName()
                + "); consoles and relays that trust the site CA would refuse this agent: make its certificate with the "
                + "site CA (tools/make-site-ca agent ...)");
    }

    private static boolean signed(X509Certificate issuer, X509Certificate subject) {
        if (!issuer.getSubjectX500Principal().equals(subject.getIssuerX500Principal())) {
            return false;
        }
        try {
            subject.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}

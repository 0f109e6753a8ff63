package io.headroom.agent.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs each audit record's hash with the agent's own Ed25519 key, made the first time the
 * agent keeps an audit file ({@code audit.jsonl.key}, readable by the agent's user only), so
 * that a record forged with its hash recomputed does not carry a signature that verifies with
 * the public key ({@code audit.jsonl.pub}), which the operator keeps elsewhere and gives to
 * {@code verify-audit --public-key}.
 *
 * <p>The key sits on the node: whoever can read it (the agent's user, root) can sign forged
 * records too. Signatures stop those who can write the file but not read the key, and make a
 * rewrite by anyone else fail against a public key noted before.
 */
public final class AuditSigner {

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE);

    private final PrivateKey key;
    private final PublicKey publicKey;
    private final Path keyFile;

    private AuditSigner(PrivateKey key, PublicKey publicKey, Path keyFile) {
        this.key = key;
        this.publicKey = publicKey;
        this.keyFile = keyFile;
    }

    /** The key file of an audit file. */
    public static Path keyBeside(Path auditFile) {
        return auditFile.resolveSibling(auditFile.getFileName() + ".key");
    }

    /** The public key file of an audit file, for the operator to keep elsewhere. */
    public static Path publicKeyBeside(Path auditFile) {
        return auditFile.resolveSibling(auditFile.getFileName() + ".pub");
    }

    /**
     * The agent's signing key for {@code auditFile}: read from beside it, or made there (0600)
     * with its public key (0644) the first time.
     *
     * @throws IOException the key cannot be read or made, or others can read it
     */
    public static AuditSigner forFile(Path auditFile) throws IOException {
        Path keyFile = keyBeside(auditFile);
        if (!Files.exists(keyFile)) {
            return create(keyFile, publicKeyBeside(auditFile));
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
            if (permissions.stream().anyMatch(OTHERS::contains)) {
                throw new IOException(
                        "the audit signing key " + keyFile + " can be read by users other than its owner ("
                                + PosixFilePermissions.toString(permissions)
                                + "); anyone who reads it can sign forged records: "
                                + "chmod 600 " + keyFile);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        try {
            KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
            PrivateKey key = ed25519.generatePrivate(new PKCS8EncodedKeySpec(block(pem, "PRIVATE KEY", keyFile)));
            PublicKey publicKey = ed25519.generatePublic(new X509EncodedKeySpec(block(pem, "PUBLIC KEY", keyFile)));
            var signer = new AuditSigner(key, publicKey, keyFile);
            if (!verify(publicKey, "0".repeat(64), signer.sign("0".repeat(64)))) {
                throw new IOException(
                        "the audit signing key " + keyFile + " holds a public key that is not its private " + "key's");
            }
            return signer;
        } catch (GeneralSecurityException e) {
            throw new IOException(
                    "the audit signing key " + keyFile + " is not an Ed25519 key the agent made: " + e.getMessage(), e);
        }
    }

    private static AuditSigner create(Path keyFile, Path publicFile) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("this Java runtime cannot make Ed25519 keys: " + e.getMessage(), e);
        }
        String publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
        try {
            Files.createFile(
                    keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new IOException("the audit signing key " + keyFile + " appeared while the agent was making it", e);
        } catch (UnsupportedOperationException e) {
            Files.createFile(keyFile);
        }
        Files.writeString(
                keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + publicPem, StandardCharsets.US_ASCII);
        Files.writeString(publicFile, publicPem, StandardCharsets.US_ASCII);
        return new AuditSigner(pair.getPrivate(), pair.getPublic(), keyFile);
    }

    /** A public key as {@link #forFile} writes it beside the audit file. */
    public static PublicKey readPublicKey(Path file) throws IOException {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(
                            block(Files.readString(file, StandardCharsets.US_ASCII), "PUBLIC KEY", file)));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** The signature of a record's hash (its 64 hex characters), base64. */
    String sign(String hash) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(hash.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Whether {@code signature} is {@code publicKey}'s over {@code hash}. */
    public static boolean verify(PublicKey publicKey, String hash, String signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(hash.getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The public key, X.509 SubjectPublicKeyInfo, as GetAuditHead sends it. */
    byte[] publicKeyBytes() {
        return publicKey.getEncoded();
    }

    /** SHA256 of the public key, as the start-up line shows it: to compare with the copy kept elsewhere. */
    public String fingerprint() {
        try {
            return "SHA256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()), 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public Path keyFile() {
        return keyFile;
    }

    private static byte[] block(String pem, String type, Path file) throws IOException {
        Matcher m = PEM.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                return Base64.getMimeDecoder().decode(m.group(2).strip());
            }
        }
        throw new IOException(file + " holds no " + type);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}

package io.headroom.agent.reclaim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * A robot key, webhook address or signing secret, read from a file only its owner may read:
 * a secret anyone on the machine can read is not one, so such a file is refused with the
 * chmod that fixes it. The content is trimmed; an empty file is refused.
 */
public final class SecretFile {

    private SecretFile() {}

    /**
     * The secret in {@code file}, trimmed.
     *
     * @throws IOException one line naming the file and what is wrong
     */
    public static String read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "the secret file does not exist");
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
            if (permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                throw new IOException(
                        file + " holds a secret but can be read by its group or by anyone; run: chmod 600 " + file);
            }
        }
        String secret = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
        if (secret.isEmpty()) {
            throw new IOException(file + " is empty; it should hold the webhook's key, address or secret");
        }
        return secret;
    }
}

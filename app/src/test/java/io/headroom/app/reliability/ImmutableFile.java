package io.headroom.app.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Makes a file unwritable for real, even for root: {@code chattr +i} sets the file system's
 * immutable flag, and the kernel then refuses every write to the file with EPERM, including
 * writes through descriptors opened before (checked on ext4 here). File permissions would
 * not do: these tests run as root, whom permissions do not stop, and a chmod does not affect
 * a file already open. Needs CAP_LINUX_IMMUTABLE and a file system with the flag (ext4, xfs, btrfs).
 */
final class ImmutableFile {

    private ImmutableFile() {}

    /** Sets the immutable flag; returns null when set, else why it could not be (no chattr, no capability, a file system without the flag) */
    static String set(Path file) {
        return chattr("+i", file);
    }

    static void clear(Path file) {
        String failed = chattr("-i", file);
        if (failed != null) {
            throw new IllegalStateException("could not make " + file + " writable again: " + failed);
        }
    }

    private static String chattr(String flag, Path file) {
        try {
            Process p = new ProcessBuilder("chattr", flag, file.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "chattr did not finish";
            }
            return p.exitValue() == 0 ? null : "chattr " + flag + " exited with " + p.exitValue() + ": " + out;
        } catch (IOException e) {
            return "chattr could not be run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}

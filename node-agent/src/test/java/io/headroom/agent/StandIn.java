package io.headroom.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A stand-in for a device tool (nvidia-smi, rocm-smi): a small shell script in a temporary
 * folder that prints captured outputs, so sources are tested end to end, processes and all.
 * The script counts its starts in the file {@code starts} beside it.
 */
public final class StandIn {

    private final Path dir;
    private final Path executable;

    private StandIn(Path dir, Path executable) {
        this.dir = dir;
        this.executable = executable;
    }

    /** {@code body} is a shell case statement's branches over "$1"; {@code $D} is the script's folder. */
    public static StandIn script(Path dir, String name, String body) {
        try {
            Path executable = dir.resolve(name);
            Files.writeString(executable, """
                    #!/bin/sh
                    D="$(dirname "$0")"
                    n=$(cat "$D/starts" 2>/dev/null || echo 0); echo $((n+1)) > "$D/starts"
                    """ + body);
            Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwx------"));
            return new StandIn(dir, executable);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path executable() {
        return executable;
    }

    public StandIn file(String name, String content) {
        try {
            Files.writeString(dir.resolve(name), content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many times the script was started (every command, one-shot or long-running). */
    public int starts() {
        try {
            Path starts = dir.resolve("starts");
            return Files.exists(starts)
                    ? Integer.parseInt(Files.readString(starts).strip())
                    : 0;
        } catch (IOException | NumberFormatException e) {
            return 0; // being written right now
        }
    }
}

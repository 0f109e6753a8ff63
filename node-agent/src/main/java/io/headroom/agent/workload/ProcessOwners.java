package io.headroom.agent.workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

/**
 * Whose a process is: the real user id in {@code /proc/<pid>/status} ({@code Uid:}), named as
 * the system names it (the owner of {@code /proc/<pid>} resolved through the name service, so
 * directory users count too), else from {@code /etc/passwd}, else the number. Empty when the
 * process is gone or its status cannot be read.
 */
final class ProcessOwners {

    private final Path proc;
    private final Path passwd;

    ProcessOwners(Path proc, Path passwd) {
        this.proc = proc;
        this.passwd = passwd;
    }

    static ProcessOwners system() {
        return new ProcessOwners(Path.of("/proc"), Path.of("/etc/passwd"));
    }

    String user(int pid) {
        Path dir = proc.resolve(Integer.toString(pid));
        String uid = uid(dir.resolve("status"));
        if (uid.isEmpty()) {
            return "";
        }
        try {
            if (uid.equals(String.valueOf(Files.getAttribute(dir, "unix:uid")))) {
                UserPrincipal owner = Files.getOwner(dir);
                if (!owner.getName().equals(uid)) {
                    return owner.getName();
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // Fall through to /etc/passwd.
        }
        try {
            for (String line : Files.readAllLines(passwd)) {
                String[] fields = line.split(":", -1);
                if (fields.length > 2 && fields[2].equals(uid)) {
                    return fields[0];
                }
            }
        } catch (IOException e) {
            // The number is what is left.
        }
        return uid;
    }

    private static String uid(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).strip().split("\\s+", -1);
                    return ids.length > 0 && ids[0].matches("[0-9]{1,10}") ? ids[0] : "";
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }
}

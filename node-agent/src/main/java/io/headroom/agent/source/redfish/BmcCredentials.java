package io.headroom.agent.source.redfish;

import io.headroom.agent.source.SourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;

/**
 * The BMC user and password, from a file of one line {@code username:password}. The file
 * holds the keys to every BMC in the rack, so one that its group or anybody else can read is
 * refused outright, with the command that fixes it.
 */
public record BmcCredentials(String username, String password) {

    public static BmcCredentials read(Path file) throws SourceException {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.GROUP_READ)
                    || mode.contains(PosixFilePermission.OTHERS_READ)
                    || mode.contains(PosixFilePermission.GROUP_WRITE)
                    || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new SourceException(
                        "redfish: " + file + " can be read or changed by users other than its owner (mode "
                                + PosixFilePermissions.toString(mode)
                                + "); it holds the BMC password, so the agent refuses it. "
                                + "Run: chmod 600 " + file);
            }
            String line = Files.readString(file, StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .findFirst()
                    .orElse("");
            int colon = line.indexOf(':');
            if (colon <= 0 || colon == line.length() - 1) {
                throw new SourceException("redfish: " + file + " must hold one line username:password");
            }
            return new BmcCredentials(
                    line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        } catch (NoSuchFileException e) {
            throw new SourceException("redfish: credentials file " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new SourceException("redfish: the agent's user cannot read " + file + "; it must own it (mode 600)");
        } catch (UnsupportedOperationException e) {
            throw new SourceException("redfish: cannot check who may read " + file + " on this file system");
        } catch (IOException e) {
            throw new SourceException("redfish: cannot read " + file + ": " + e.getMessage());
        }
    }

    String basicAuthorization() {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "BmcCredentials[" + username + ", password hidden]";
    }
}

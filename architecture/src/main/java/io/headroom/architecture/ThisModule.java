package io.headroom.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.nio.file.Path;

/**
 * Imports only the main classes of the module whose tests are running: its
 * {@code target/classes}, found from the working directory Surefire starts the tests in (the
 * module's own). The modules it depends on are checked by their own tests, so a rule broken in
 * {@code core} fails {@code core}'s build, not the build of every module above it.
 */
public final class ThisModule implements ImportOption {

    private final String classes = Path.of("target", "classes").toAbsolutePath().toString() + "/";

    @Override
    public boolean includes(Location location) {
        // Compared as paths: the same directory is "file:/..." in one URI and "file:///..." in another.
        String path = location.asURI().getPath();
        return path != null && path.startsWith(classes);
    }

    @Override
    public String toString() {
        return classes;
    }
}

package io.headroom.agent.reclaim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {

    @TempDir
    Path dir;

    @Test
    void aFileOnlyItsOwnerReadsIsReadAndTrimmed() throws IOException {
        Path file = secret("  SECabc\n", "rw-------");

        assertThat(SecretFile.read(file)).isEqualTo("SECabc");
    }

    @Test
    void aFileTheGroupOrOthersCanReadIsRefusedWithTheChmodToRun() throws IOException {
        Path group = secret("SECabc", "rw-r-----");
        Path others = secret("SECabc", "rw----r--");

        assertThatThrownBy(() -> SecretFile.read(group))
                .hasMessage(
                        group + " holds a secret but can be read by its group or by anyone; run: chmod 600 " + group);
        assertThatThrownBy(() -> SecretFile.read(others)).hasMessageContaining("chmod 600 " + others);
    }

    @Test
    void anEmptyOrMissingFileIsRefused() throws IOException {
        Path empty = secret("\n", "rw-------");

        assertThatThrownBy(() -> SecretFile.read(empty)).hasMessageContaining("is empty");
        assertThatThrownBy(() -> SecretFile.read(dir.resolve("nope"))).hasMessageContaining("does not exist");
    }

    private Path secret(String content, String permissions) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path file = Files.createTempFile(dir, "secret", ".txt");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }
}

package io.headroom.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.operation.OperationAction;
import io.headroom.core.operation.PendingOperation;
import io.headroom.store.outbox.Outbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnreadableStoreTest {

    @TempDir
    Path profile;

    @Test
    void aFileOfGarbageIsMovedAsideUnderItsOwnNameAndAFreshStoreIsCreated() throws Exception {
        try (LocalStore store = LocalStore.open(profile).store()) {
            new Outbox(store)
                    .enqueue(PendingOperation.create(
                            "n1", new OperationAction.Drain(), 1, "ana", "fan", Clock.systemUTC()));
        }
        Path file = profile.resolve("headroom.mv.db");
        byte[] garbage = new byte[(int) Files.size(file)];
        new Random(7).nextBytes(garbage);
        Files.write(file, garbage);

        StoreOpening opening = LocalStore.open(profile);
        try (LocalStore store = opening.store()) {
            assertThat(opening.movedAside()).isPresent();
            Path aside = opening.movedAside().get();
            assertThat(aside.getFileName().toString()).startsWith("headroom.mv.db.corrupt-");
            assertThat(aside.getParent()).isEqualTo(profile.toAbsolutePath());
            // Never wiped: the bytes are all still there for the recovery tool.
            assertThat(Files.readAllBytes(aside)).isEqualTo(garbage);
            assertThat(opening.notice()).hasValueSatisfying(n -> assertThat(n).contains(aside.toString()));
            assertThat(opening.why()).containsIgnoringCase("corrupt");
            // The fresh store works and is empty.
            Outbox outbox = new Outbox(store);
            assertThat(outbox.open()).isEmpty();
            outbox.enqueue(
                    PendingOperation.create("n2", new OperationAction.Resume(), 1, "ana", "done", Clock.systemUTC()));
            assertThat(outbox.open()).hasSize(1);
        }
    }

    @Test
    void aShortFileOfRandomBytesIsMovedAsideToo() throws Exception {
        // Not a whole database's worth of bytes: H2 reports it as an I/O error while reading its header.
        Path file = profile.resolve("headroom.mv.db");
        byte[] garbage = new byte[5000];
        new Random(11).nextBytes(garbage);
        Files.write(file, garbage);

        StoreOpening opening = LocalStore.open(profile);
        try (LocalStore store = opening.store()) {
            assertThat(opening.movedAside())
                    .as("moved aside, not run from memory")
                    .isPresent();
            assertThat(Files.readAllBytes(opening.movedAside().get())).isEqualTo(garbage);
            assertThat(store.health().isOk()).isTrue();
        }
    }

    @Test
    void aReadableStoreIsNeverMovedAside() throws Exception {
        try (LocalStore store = LocalStore.open(profile).store()) {
            assertThat(store.health().isOk()).isTrue();
        }
        StoreOpening opening = LocalStore.open(profile);
        try (LocalStore store = opening.store()) {
            assertThat(store.health().isOk()).isTrue();
            assertThat(opening.movedAside()).isEmpty();
            assertThat(opening.notice()).isEmpty();
            try (var files = Files.list(profile)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("corrupt"));
            }
        }
    }
}

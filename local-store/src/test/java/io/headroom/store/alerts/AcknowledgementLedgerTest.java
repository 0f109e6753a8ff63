package io.headroom.store.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.store.LocalStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcknowledgementLedgerTest {

    @TempDir
    Path profile;

    @Test
    void acknowledgementsSurviveClosingAndReopeningTheStoreUntilRemoved() throws Exception {
        try (LocalStore store = LocalStore.open(profile).store()) {
            AcknowledgementLedger ledger = new AcknowledgementLedger(store);
            ledger.put(new StoredAcknowledgement("GPU_HOT:GPU-1", 1_000, "ana@noc", 2_000));
            ledger.put(new StoredAcknowledgement("NODE_STALE:gpu-7", 3_000, "ana@noc", 4_000));
            ledger.put(new StoredAcknowledgement("GPU_HOT:GPU-1", 5_000, "li@hall-2", 6_000)); // a later occurrence
        }
        try (LocalStore store = LocalStore.open(profile).store()) {
            AcknowledgementLedger ledger = new AcknowledgementLedger(store);
            assertThat(ledger.all())
                    .containsExactlyInAnyOrder(
                            new StoredAcknowledgement("GPU_HOT:GPU-1", 5_000, "li@hall-2", 6_000),
                            new StoredAcknowledgement("NODE_STALE:gpu-7", 3_000, "ana@noc", 4_000));

            ledger.remove(List.of("NODE_STALE:gpu-7", "NEVER:there"));

            assertThat(ledger.all()).extracting(StoredAcknowledgement::key).containsExactly("GPU_HOT:GPU-1");
        }
    }
}

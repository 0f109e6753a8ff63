package io.headroom.store.audit.heads;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.audit.AgentAuditState;
import io.headroom.core.audit.HeadVerdict;
import io.headroom.core.audit.SignedHead;
import io.headroom.store.LocalStore;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trusted head outlives the console; an untrusted reading never moves it. */
class KeptAuditHeadsTest {

    @TempDir
    Path profile;

    private static final Instant SEEN = Instant.parse("2026-11-30T08:00:00Z");

    @Test
    void aTrustedHeadIsKeptAcrossRestartsAndAnUntrustedOneDoesNotReplaceIt() throws Exception {
        SignedHead nine = head(9, 'b');
        try (LocalStore store = LocalStore.open(profile).store()) {
            var heads = new KeptAuditHeads(store);
            heads.record(state(nine, nine, new HeadVerdict.WentOn(4, 9)));
            assertThat(heads.kept("gpu-agent:50051")).contains(nine);
        }
        try (LocalStore store = LocalStore.open(profile).store()) {
            var heads = new KeptAuditHeads(store);
            assertThat(heads.kept("gpu-agent:50051")).contains(nine);
            assertThat(heads.states()).isEmpty();

            SignedHead four = head(4, 'a');
            heads.record(state(four, nine, new HeadVerdict.Rewritten("cut from its end")));
            assertThat(heads.kept("gpu-agent:50051")).contains(nine);
            assertThat(heads.states())
                    .singleElement()
                    .satisfies(s -> assertThat(s.latest()).isEqualTo(four));
            assertThat(heads.kept("another:50051")).isEmpty();

            heads.forget("gpu-agent:50051");
            assertThat(heads.kept("gpu-agent:50051")).isEmpty();
            assertThat(heads.states()).isEmpty();
        }
        try (LocalStore store = LocalStore.open(profile).store()) {
            assertThat(new KeptAuditHeads(store).kept("gpu-agent:50051"))
                    .as("forgotten for good")
                    .isEmpty();
        }
    }

    private static AgentAuditState state(SignedHead latest, SignedHead kept, HeadVerdict verdict) {
        return new AgentAuditState("gpu-agent:50051", latest, kept, verdict, true, 0, "", 0);
    }

    private static SignedHead head(long record, char c) {
        return new SignedHead(record, String.valueOf(c).repeat(64), "c2lnbmF0dXJl", new byte[] {1, 2, 3}, SEEN);
    }
}

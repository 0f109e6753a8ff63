package io.headroom.agent.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadChanges;
import io.headroom.protocol.v1.WorkloadKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class WorkloadBookTest {

    private final WorkloadBook book = new WorkloadBook();

    static Workload job(String id, String host, int... gpus) {
        var workload = Workload.newBuilder()
                .setId(id)
                .setKind(WorkloadKind.WORKLOAD_KIND_SLURM_JOB)
                .setSchedulerId(id.substring(id.lastIndexOf(':') + 1))
                .setUser("wang.lei");
        for (int gpu : gpus) {
            workload.addHoldings(Holding.newBuilder().setHostname(host).setGpuIndex(gpu));
        }
        return workload.build();
    }

    @Test
    void aNewBookIsEmptyAtVersionZeroWithNothingToTake() {
        assertThat(book.version()).isZero();
        assertThat(book.table("agent").getWorkloadsList()).isEmpty();
        assertThat(book.table("agent").getWorkloadVersion()).isZero();
        assertThat(book.table("agent").getServerId()).isEqualTo("agent");
        assertThat(book.takeChanges()).isEmpty();
    }

    @Test
    void aStartIsQueuedAsAnUpsertAndBumpsTheVersionOnce() {
        book.replace("n1", List.of(job("slurm:c:4242", "n1", 0, 1), job("slurm:c:4243", "n1", 2)));

        assertThat(book.version()).isEqualTo(1);
        assertThat(book.find("slurm:c:4242"))
                .hasValueSatisfying(w -> assertThat(w.getHoldingsCount()).isEqualTo(2));
        WorkloadChanges changes = book.takeChanges().orElseThrow();
        assertThat(changes.getFromVersion()).isZero();
        assertThat(changes.getUpsertedList())
                .extracting(Workload::getId)
                .containsExactlyInAnyOrder("slurm:c:4242", "slurm:c:4243");
        assertThat(changes.getEndedList()).isEmpty();
        assertThat(book.versionTaken()).isEqualTo(1);
        assertThat(book.takeChanges()).as("taken once").isEmpty();
    }

    @Test
    void theSameSetAgainChangesNothing() {
        book.replace("n1", List.of(job("slurm:c:1", "n1", 0)));
        var _ = book.takeChanges();
        book.replace("n1", List.of(job("slurm:c:1", "n1", 0)));
        assertThat(book.version()).isEqualTo(1);
        assertThat(book.takeChanges()).isEmpty();
    }

    @Test
    void aChangeAndAnEndAreQueuedWithTheVersionThePreviousTakeLeft() {
        book.replace("n1", List.of(job("slurm:c:1", "n1", 0), job("slurm:c:2", "n1", 1)));
        var _ = book.takeChanges();

        book.replace("n1", List.of(job("slurm:c:1", "n1", 0, 3)));

        assertThat(book.version()).isEqualTo(2);
        WorkloadChanges changes = book.takeChanges().orElseThrow();
        assertThat(changes.getFromVersion()).isEqualTo(1);
        assertThat(changes.getUpsertedList()).containsExactly(job("slurm:c:1", "n1", 0, 3));
        assertThat(changes.getEndedList()).containsExactly("slurm:c:2");
        assertThat(book.find("slurm:c:2")).isEmpty();
    }

    @Test
    void fromVersionContinuesAcrossTakesAndSkipsNothing() {
        long held = 0;
        Map<String, Workload> client = new HashMap<>();
        for (int round = 1; round <= 20; round++) {
            List<Workload> now = new ArrayList<>();
            for (int j = round; j < round + 5; j++) {
                now.add(job("slurm:c:" + j, "n1", j % 8));
            }
            book.replace("n1", now);
            if (round % 3 == 0) {
                continue; // no batch cut this round: the next take covers both
            }
            var changes = book.takeChanges();
            if (changes.isPresent()) {
                assertThat(changes.get().getFromVersion()).isEqualTo(held);
                changes.get().getUpsertedList().forEach(w -> client.put(w.getId(), w));
                changes.get().getEndedList().forEach(client::remove);
            }
            held = book.versionTaken();
        }
        assertThat(held).isEqualTo(book.version()).isEqualTo(20);
        assertThat(client.values())
                .containsExactlyInAnyOrderElementsOf(book.table("a").getWorkloadsList());
    }

    @Test
    void aJobOnTwoNodesIsOneWorkloadHoldingBoth() {
        book.replace("n1", List.of(job("slurm:c:7", "n1", 0, 1)));
        book.replace("n2", List.of(job("slurm:c:7", "n2", 0, 1)));

        var table = book.table("relay");
        assertThat(table.getWorkloadsList()).hasSize(1);
        assertThat(table.getWorkloads(0).getHoldingsList())
                .extracting(Holding::getHostname, Holding::getGpuIndex)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("n1", 0),
                        org.assertj.core.groups.Tuple.tuple("n1", 1),
                        org.assertj.core.groups.Tuple.tuple("n2", 0),
                        org.assertj.core.groups.Tuple.tuple("n2", 1));
        assertThat(book.version()).isEqualTo(2);
    }

    @Test
    void aNodeThatReportsNothingAnyMoreLeavesTheOthersHoldings() {
        book.replace("n1", List.of(job("slurm:c:7", "n1", 0)));
        book.replace("n2", List.of(job("slurm:c:7", "n2", 5), job("slurm:c:8", "n2", 6)));
        var _ = book.takeChanges();

        book.replace("n2", List.of());

        Workload left = book.find("slurm:c:7").orElseThrow();
        assertThat(left.getHoldingsList()).extracting(Holding::getHostname).containsExactly("n1");
        assertThat(book.find("slurm:c:8")).isEmpty();
        WorkloadChanges changes = book.takeChanges().orElseThrow();
        assertThat(changes.getUpsertedList()).containsExactly(left);
        assertThat(changes.getEndedList()).containsExactly("slurm:c:8");

        book.replace("n1", List.of());
        assertThat(book.table("a").getWorkloadsList()).isEmpty();
        assertThat(book.takeChanges().orElseThrow().getEndedList()).containsExactly("slurm:c:7");
    }

    @Test
    void aWorkloadThatStartsAndEndsBetweenTwoBatchesIsReportedEnded() {
        var _ = book.takeChanges();
        book.replace("n1", List.of(job("slurm:c:9", "n1", 0)));
        book.replace("n1", List.of());
        WorkloadChanges changes = book.takeChanges().orElseThrow();
        assertThat(changes.getUpsertedList()).isEmpty();
        assertThat(changes.getEndedList()).containsExactly("slurm:c:9");
        assertThat(book.versionTaken()).isEqualTo(2);
    }

    @Test
    void aQueueNobodyTakesIsDroppedAndTheNextBatchNamesAVersionClientsCannotReach() {
        for (int i = 0; i <= WorkloadBook.MAX_QUEUED; i++) {
            book.replace("n1", List.of(job("slurm:c:" + i, "n1", 0)));
        }
        assertThat(book.takeChanges()).as("the queue was dropped, not grown").isEmpty();
        assertThat(book.versionTaken()).isEqualTo(book.version()).isEqualTo(WorkloadBook.MAX_QUEUED + 1L);

        book.replace("n1", List.of());
        assertThat(book.takeChanges().orElseThrow().getFromVersion()).isEqualTo(WorkloadBook.MAX_QUEUED + 1L);
    }

    @Test
    void aWorkloadWithoutAnIdIsRefusedNamingItsScope() {
        assertThatThrownBy(() -> book.replace(
                        "gpu-7",
                        List.of(Workload.newBuilder().setName("train.sh").build())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gpu-7")
                .hasMessageContaining("train.sh");
        assertThat(book.version()).isZero();
    }

    @Test
    void manyScopesReplacingAtOnceLoseNothing() throws Exception {
        int scopes = 8;
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(scopes)) {
            for (int s = 0; s < scopes; s++) {
                String host = "n" + s;
                pool.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int round = 0; round < 200; round++) {
                        // every node holds a share of one big job and a job of its own
                        book.replace(
                                host, List.of(job("slurm:c:big", host, 0), job("slurm:c:" + host, host, round % 8)));
                    }
                });
            }
            start.countDown();
        }
        var table = book.table("a");
        assertThat(table.getWorkloadsList()).hasSize(scopes + 1);
        assertThat(book.find("slurm:c:big").orElseThrow().getHoldingsCount()).isEqualTo(scopes);
        assertThat(book.find("slurm:c:n3").orElseThrow().getHoldings(0).getGpuIndex())
                .isEqualTo(199 % 8);
        // each round changed one workload of its scope, each first round two
        assertThat(book.version()).isEqualTo(scopes * 200L);
    }
}

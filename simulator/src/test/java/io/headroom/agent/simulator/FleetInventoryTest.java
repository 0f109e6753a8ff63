package io.headroom.agent.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.Vendor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FleetInventoryTest {

    private static final Map<String, Long> MEMORY_BY_MODEL = Map.of(
            "NVIDIA H100 80GB HBM3", 81_559L,
            "NVIDIA H200", 143_771L,
            "NVIDIA A100-SXM4-80GB", 81_920L,
            "NVIDIA L40S", 46_068L);

    private static Inventory inventory;

    @BeforeAll
    static void build() {
        inventory = new FleetSimulator(FleetShape.DEFAULT, 42, 1_741_708_800_000L, 1000, "").inventory();
    }

    @Test
    void defaultFleetHasFourHalls160Racks1280Nodes10240Gpus() {
        assertThat(inventory.sites()).hasSize(1);
        assertThat(inventory.halls())
                .extracting(h -> h.id() + "/" + h.name())
                .containsExactly("hall-1/Hall 1", "hall-2/Hall 2", "hall-3/Hall 3", "hall-4/Hall 4");
        assertThat(inventory.racks()).hasSize(160);
        assertThat(inventory.nodes()).hasSize(1_280);
        assertThat(inventory.acceleratorCount()).isEqualTo(10_240);
        assertThat(inventory.version()).isEqualTo(1);
    }

    @Test
    void racksSitInRowsAThroughDOfTenWithBudgetsForTheirModel() {
        assertThat(inventory.racks()).extracting(Rack::row).containsOnly("A", "B", "C", "D");
        assertThat(inventory.racks()).extracting(Rack::position).containsOnly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(inventory.racks().getFirst().id()).isEqualTo("H1-A01");
        assertThat(inventory.racks().get(12).id()).isEqualTo("H1-B03");
        assertThat(inventory.racks()).allSatisfy(rack -> {
            assertThat(rack.heightU()).isEqualTo(42);
            assertThat(rack.powerBudgetKw()).isBetween(30.0, 60.0);
            assertThat(rack.hallId()).isEqualTo("hall-" + rack.id().charAt(1));
        });
    }

    @Test
    void nodesAreNamedByRackAndStackedWithoutOverlap() {
        Node first = inventory.nodes().getFirst();
        assertThat(first.hostname()).isEqualTo("gpu-h1-a01-n1");
        assertThat(first.rackId()).isEqualTo("H1-A01");
        assertThat(first.uPosition()).isEqualTo(1);
        assertThat(inventory.nodes().get(12 * 8 + 4).hostname()).isEqualTo("gpu-h1-b03-n5");

        Map<String, List<Node>> byRack = inventory.nodes().stream().collect(Collectors.groupingBy(Node::rackId));
        assertThat(byRack).hasSize(160).allSatisfy((rack, nodes) -> {
            assertThat(nodes).hasSize(8);
            boolean[] used = new boolean[43];
            for (Node node : nodes) {
                assertThat(node.uHeight()).isIn(4, 5);
                for (int u = node.uPosition(); u < node.uPosition() + node.uHeight(); u++) {
                    assertThat(u).isBetween(1, 42);
                    assertThat(used[u]).as(node.hostname() + " U" + u).isFalse();
                    used[u] = true;
                }
            }
        });
        assertThat(inventory.nodes()).allSatisfy(node -> {
            assertThat(node.hostname()).matches("gpu-h[1-4]-[a-d]\\d\\d-n[1-8]");
            assertThat(node.serial()).matches("S[0-9A-Z]{10}");
            assertThat(node.sampleIntervalMs()).isEqualTo(1000);
            assertThat(node.pool()).isIn("train", "infer", "dev");
            assertThat(node.tenant()).isNotBlank();
        });
        assertThat(inventory.nodes().stream().map(Node::serial).distinct().count())
                .isEqualTo(1_280);
        assertThat(inventory.nodes().stream().map(Node::tenant).distinct().count())
                .isBetween(4L, 10L);
    }

    @Test
    void allFourModelsAppearInTheirSharesWithNvidiaSmiNamesAndMemory() {
        List<Accelerator> gpus = gpus();
        Map<String, Long> byModel =
                gpus.stream().collect(Collectors.groupingBy(Accelerator::model, Collectors.counting()));

        assertThat(byModel).containsOnlyKeys(MEMORY_BY_MODEL.keySet());
        assertThat(byModel.get("NVIDIA H100 80GB HBM3")).isEqualTo(4_096);
        assertThat(byModel.get("NVIDIA H200")).isEqualTo(2_048);
        assertThat(byModel.get("NVIDIA A100-SXM4-80GB")).isEqualTo(2_560);
        assertThat(byModel.get("NVIDIA L40S")).isEqualTo(1_536);
        assertThat(gpus).allSatisfy(gpu -> {
            assertThat(gpu.vendor()).isEqualTo(Vendor.NVIDIA);
            assertThat(gpu.memoryTotalMib()).isEqualTo(MEMORY_BY_MODEL.get(gpu.model()));
            assertThat(gpu.uuid()).matches("GPU-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        });
        assertThat(gpus.stream().map(Accelerator::uuid).distinct().count()).isEqualTo(10_240);
        assertThat(inventory.nodes()).allSatisfy(node -> {
            assertThat(node.accelerators()).extracting(Accelerator::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
            assertThat(node.accelerators())
                    .extracting(Accelerator::model)
                    .containsOnly(node.accelerators().getFirst().model());
        });
    }

    @Test
    void someInferenceGpusRunValidMigLayouts() {
        List<Node> migNodes = inventory.nodes().stream()
                .filter(node -> node.accelerators().stream().anyMatch(Accelerator::migEnabled))
                .toList();
        long inferenceSxmGpus = inventory.nodes().stream()
                .filter(node -> node.pool().equals("infer")
                        && !node.accelerators().getFirst().model().equals("NVIDIA L40S"))
                .mapToLong(node -> node.accelerators().size())
                .sum();
        long migGpus =
                migNodes.stream().mapToLong(node -> node.accelerators().size()).sum();

        assertThat(migNodes)
                .isNotEmpty()
                .allSatisfy(node -> assertThat(node.pool()).isEqualTo("infer"));
        assertThat((double) migGpus / inferenceSxmGpus).isBetween(0.03, 0.25);
        Set<String> profiles = new HashSet<>();
        Set<String> sliceUuids = new HashSet<>();
        for (Accelerator gpu : gpus()) {
            assertThat(gpu.migEnabled()).isEqualTo(!gpu.slices().isEmpty());
            if (gpu.migEnabled()) {
                assertThat(gpu.model()).isNotEqualTo("NVIDIA L40S");
                MigRules.assertValidLayout(gpu);
                gpu.slices().forEach(slice -> profiles.add(slice.profileName()));
                gpu.slices()
                        .forEach(slice ->
                                assertThat(sliceUuids.add(slice.uuid())).isTrue());
            }
        }
        assertThat(profiles).contains("1g.10gb", "3g.40gb");
    }

    @Test
    void theMigRulesCatchAnOverlap() {
        var overlapping = new Accelerator(
                "GPU-x",
                Vendor.NVIDIA,
                "NVIDIA H100 80GB HBM3",
                81_559,
                0,
                true,
                List.of(
                        new MigSlice("MIG-a", 1, 0, 9, "3g.40gb", 0, 4, 40_779),
                        new MigSlice("MIG-b", 3, 0, 14, "2g.20gb", 2, 2, 20_389)));

        assertThatThrownBy(() -> MigRules.assertValidLayout(overlapping)).isInstanceOf(AssertionError.class);
    }

    @Test
    void hostPrefixKeepsTwoSimulatorsApart() {
        Inventory prefixed = new FleetSimulator(FleetShape.forGpus(128), 42, 0, 1000, "sim0-").inventory();
        Inventory plain = new FleetSimulator(FleetShape.forGpus(128), 42, 0, 1000, "").inventory();

        assertThat(prefixed.nodes().getFirst().hostname()).isEqualTo("sim0-gpu-h1-a01-n1");
        assertThat(prefixed.racks().getFirst().id()).isEqualTo("sim0-H1-A01");
        assertThat(prefixed.nodes())
                .allSatisfy(node -> assertThat(node.rackId()).startsWith("sim0-"));
        Inventory merged = Inventory.merge("console", 1, List.of(prefixed, plain));
        assertThat(merged.nodes()).hasSize(32);
        assertThat(merged.racks()).hasSize(4);
        Set<String> uuids = merged.nodes().stream()
                .flatMap(node -> node.accelerators().stream())
                .map(Accelerator::uuid)
                .collect(Collectors.toSet());
        assertThat(uuids).hasSize(256);
    }

    @Test
    void rackBudgetsLetAFullRackRunNearItsLimit() {
        Map<String, Rack> racks = inventory.racks().stream().collect(Collectors.toMap(Rack::id, Function.identity()));
        Map<String, Double> fullLoadKw = new HashMap<>();
        for (Node node : inventory.nodes()) {
            double gpuKw = node.accelerators().stream()
                    .mapToDouble(gpu -> switch (gpu.model()) {
                        case "NVIDIA L40S" -> 0.35;
                        case "NVIDIA A100-SXM4-80GB" -> 0.40;
                        default -> 0.70;
                    })
                    .sum();
            fullLoadKw.merge(node.rackId(), gpuKw + 1.2, Double::sum);
        }
        assertThat(fullLoadKw)
                .allSatisfy((rack, kw) -> assertThat(kw / racks.get(rack).powerBudgetKw())
                        .as(rack)
                        .isBetween(0.85, 1.02));
    }

    private static List<Accelerator> gpus() {
        return inventory.nodes().stream()
                .flatMap(node -> node.accelerators().stream())
                .toList();
    }
}

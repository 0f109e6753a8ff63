package io.headroom.agent.workload;

import io.headroom.agent.source.ascend.NpuSmiInfo;
import io.headroom.agent.source.cambricon.CnmonOutput;
import io.headroom.core.fleet.Accelerator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The process tables of {@code npu-smi info} (per NPU and chip) and {@code cnmon} (per card), as
 * compute processes on the accelerators the agent's inventory lists. A chip is found by the UUID
 * its row in the same output gives it, so the process is put on the index the inventory uses
 * (npu-smi's logic id) and never on a guess.
 */
final class DomesticProcesses {
    private DomesticProcesses() {}

    static List<GpuProcess> ascend(String output, List<Accelerator> inventory) throws NvidiaComputeApps.Unreadable {
        NpuSmiInfo.Parsed parsed = NpuSmiInfo.parse(output, 0L, Map.of(), Map.of());
        if (parsed.output().accelerators().isEmpty()) {
            throw new NvidiaComputeApps.Unreadable("npu-smi info: "
                    + (parsed.output().problems().isEmpty()
                            ? "no chips"
                            : parsed.output().problems().getFirst()));
        }
        Map<String, Integer> indexByUuid = indices(inventory);
        Map<NpuSmiInfo.ChipId, Integer> indexByChip = new HashMap<>();
        parsed.chips().forEach((uuid, chip) -> {
            Integer index = indexByUuid.get(uuid);
            if (index != null) {
                indexByChip.put(chip, index);
            }
        });
        List<GpuProcess> processes = new ArrayList<>();
        for (NpuSmiInfo.ChipProcess p : parsed.processes()) {
            Integer index = indexByChip.get(new NpuSmiInfo.ChipId(p.npu(), p.chip()));
            if (index != null) {
                processes.add(new GpuProcess(index, -1, p.pid(), p.name(), p.memoryMib()));
            }
        }
        return processes;
    }

    static List<GpuProcess> cambricon(String output) throws NvidiaComputeApps.Unreadable {
        CnmonOutput.Parsed parsed = CnmonOutput.parse(output, 0L);
        if (parsed.output().accelerators().isEmpty()) {
            throw new NvidiaComputeApps.Unreadable("cnmon: "
                    + (parsed.output().problems().isEmpty()
                            ? "no cards"
                            : parsed.output().problems().getFirst()));
        }
        List<GpuProcess> processes = new ArrayList<>();
        for (CnmonOutput.CardProcess p : parsed.processes()) {
            processes.add(new GpuProcess(p.card(), -1, p.pid(), p.command(), p.memoryMib()));
        }
        return processes;
    }

    private static Map<String, Integer> indices(List<Accelerator> inventory) {
        Map<String, Integer> indexByUuid = new HashMap<>();
        inventory.forEach(a -> indexByUuid.put(a.uuid(), a.index()));
        return indexByUuid;
    }
}

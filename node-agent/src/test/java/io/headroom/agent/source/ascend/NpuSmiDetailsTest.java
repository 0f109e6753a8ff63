package io.headroom.agent.source.ascend;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.Fixtures;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The "Key : value" pages of {@code npu-smi info -l} and {@code -t ... -i 0} of a 910B, read off the capture. */
class NpuSmiDetailsTest {

    static final String CAPTURE = "domestic/ascend/npu-smi-t__910b__25.5.1.txt";

    /** The capture's sections by the command after "# $ ". */
    static Map<String, String> sections() {
        Map<String, String> sections = new LinkedHashMap<>();
        String command = null;
        StringBuilder body = new StringBuilder();
        for (String line : Fixtures.read(CAPTURE).lines().toList()) {
            if (line.startsWith("# $ ")) {
                if (command != null) {
                    sections.put(command, body.toString());
                }
                command = line.substring(4).strip();
                body.setLength(0);
            } else {
                body.append(line).append('\n');
            }
        }
        sections.put(command, body.toString());
        return sections;
    }

    @Test
    void list() {
        NpuSmiDetails l = NpuSmiDetails.parse(sections().get("npu-smi info -l"));
        assertThat(l.problems()).isEmpty();
        assertThat(l.records()).hasSize(9);
        assertThat(l.first("Total Count")).isEqualTo("8");
        assertThat(l.records().get(8)).isEqualTo(Map.of("NPU ID", "7", "Chip Count", "1"));
    }

    @Test
    void usages() {
        NpuSmiDetails u = NpuSmiDetails.parse(sections().get("npu-smi info -t usages -i 0"));
        assertThat(u.problems()).isEmpty();
        assertThat(u.first("HBM Capacity(MB)")).isEqualTo("65536");
        assertThat(u.first("HBM Usage Rate(%)")).isEqualTo("5");
        assertThat(u.first("Aicore Usage Rate(%)")).isEqualTo("0");
        assertThat(u.first("Ctrlcpu Usage Rate(%)")).isEqualTo("6");
    }

    @Test
    void boardTemperatureAndPower() {
        var s = sections();
        NpuSmiDetails board = NpuSmiDetails.parse(s.get("npu-smi info -t board -i 0"));
        assertThat(board.problems()).isEmpty();
        assertThat(board.first("Serial Number")).isEqualTo("1025C9048791");
        assertThat(board.first("PCIe Bus Info")).isEqualTo("0000:C1:00.0");
        assertThat(board.first("Software Version")).isEqualTo("25.5.1");
        NpuSmiDetails temp = NpuSmiDetails.parse(s.get("npu-smi info -t temp -i 0"));
        assertThat(temp.first("NPU Temperature (C)")).isEqualTo("39");
        NpuSmiDetails power = NpuSmiDetails.parse(s.get("npu-smi info -t power -i 0"));
        assertThat(power.first("NPU Real-time Power(W)")).isEqualTo("103.5");
    }

    @Test
    void aLineThatIsNoKeyAndValueIsNamed() {
        NpuSmiDetails d = NpuSmiDetails.parse("        NPU ID : 0\nSegmentation fault\n");
        assertThat(d.problems()).containsExactly("line 2 'Segmentation fault': not 'Key : value'");
        assertThat(d.first("NPU ID")).isEqualTo("0");
    }
}

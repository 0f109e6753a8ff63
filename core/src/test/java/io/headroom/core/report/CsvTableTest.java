package io.headroom.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTableTest {

    @Test
    void utf8WithByteOrderMarkAndQuotedCells() throws Exception {
        var out = new ByteArrayOutputStream();
        new CsvTable(List.of("租户", "GPU-hours"))
                .row(List.of("物理, 组", "12.5"))
                .row(List.of("say \"hi\"", "3"))
                .write(out);
        byte[] bytes = out.toByteArray();
        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8))
                .isEqualTo("租户,GPU-hours\r\n\"物理, 组\",12.5\r\n\"say \"\"hi\"\"\",3\r\n");
    }

    @Test
    void aRowMustFitTheHeader() {
        assertThatThrownBy(() -> new CsvTable(List.of("a", "b")).row(List.of("1")))
                .hasMessageContaining("a row of 1 cells in a table of 2 columns");
    }
}

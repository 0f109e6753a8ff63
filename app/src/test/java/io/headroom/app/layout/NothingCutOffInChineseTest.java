package io.headroom.app.layout;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.app.ConsoleExtension;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same pages, sizes and themes as {@link NothingCutOffTest}, in Chinese: its words are
 * wider per character and its fonts taller, and what fits in English may not.
 */
class NothingCutOffInChineseTest {

    @RegisterExtension
    final ConsoleExtension console = ConsoleExtension.onSimulatedFleet(512)
            .locale(Locale.SIMPLIFIED_CHINESE)
            .inMemory();

    @Test
    void noPageIsCutOffAtAnySizeInAnyTheme() throws Exception {
        assertThat(NothingCutOffTest.problems(console, "zh-CN")).isEmpty();
    }
}

package io.headroom.app.layout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rules the layout tests read every page with: they must catch what #26 found on screen. */
class ScreenWordsTest {

    @Test
    void anEnumsNameIsCaughtInAnyLanguageAndFleetNamesAreNot() throws Exception {
        ScreenWords english = ScreenWords.in("en");
        assertThat(english.problem("scheduler ALLOCATED")).contains("ALLOCATED");
        assertThat(english.problem("IN_PROGRESS")).contains("IN_PROGRESS");
        assertThat(english.problem("DRAINING")).isNotNull();
        assertThat(english.problem("NVIDIA H100 80GB HBM3 \u00b7 Hall 1")).isNull();
        assertThat(english.problem("Draining")).isNull();
        assertThat(english.problem("Agents do not report who holds GPUs")).isNull();
    }

    @Test
    void anEnglishSentenceOfTheBundlesIsCaughtInChinese() throws Exception {
        ScreenWords chinese = ScreenWords.in("zh-CN");
        assertThat(chinese.problem("Agents do not report who holds GPUs")).contains("English");
        assertThat(chinese.problem("代理未上报 GPU 的占用者")).isNull();
        assertThat(chinese.problem("gpu-h1-a03-n2")).isNull();
    }
}

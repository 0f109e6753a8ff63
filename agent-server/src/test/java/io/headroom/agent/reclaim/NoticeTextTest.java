package io.headroom.agent.reclaim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoticeTextTest {

    @Test
    void englishNamesEveryFact() {
        var notice = Notices.notice("please release by 18:00", "https://console.example/w/slurm%3Ahpc%3A4242");

        assertThat(NoticeText.plain(notice, NoticeLanguage.EN)).isEqualTo("""
                        GPUs held idle: train-llm (slurm:hpc:4242)
                        Owner: zhangwei (account nlp)
                        Pool: a100
                        GPUs (2): gpu-07 GPU 0, gpu-07 GPU 1
                        Idle since: 2026-12-05 20:00 UTC (2 h 30 min)
                        GPU-hours wasted: 5.0
                        Utilisation, last hour: ▁▁▂▁▁ (min 1%, avg 5%, max 20%)
                        Note: please release by 18:00
                        Console: https://console.example/w/slurm%3Ahpc%3A4242""");
    }

    @Test
    void chineseNamesEveryFact() {
        var notice = Notices.notice("请在 18:00 前释放", "");

        assertThat(NoticeText.plain(notice, NoticeLanguage.ZH_CN)).isEqualTo("""
                        GPU 闲置占用提醒:train-llm (slurm:hpc:4242)
                        所有者:zhangwei(账户 nlp)
                        资源池:a100
                        GPU(2 块):gpu-07 GPU 0, gpu-07 GPU 1
                        闲置开始:2026-12-05 20:00 UTC(已 2 小时 30 分钟)
                        浪费的 GPU 小时:5.0
                        最近一小时利用率:▁▁▂▁▁(最低 1%,平均 5%,最高 20%)
                        备注:请在 18:00 前释放""");
    }

    @Test
    void unknownFiguresAreSaidToBeUnknownNotZero() {
        String text = NoticeText.plain(Notices.unknown(), NoticeLanguage.EN);

        assertThat(text)
                .contains("Idle since: unknown", "GPU-hours wasted: unknown", "Utilisation, last hour: unknown")
                .doesNotContain("0.0");
        assertThat(NoticeText.plain(Notices.unknown(), NoticeLanguage.ZH_CN)).contains("闲置开始:未知");
    }

    @Test
    void markdownQuotesEachLineUnderAHeading() {
        String markdown = NoticeText.markdown(Notices.notice("", ""), NoticeLanguage.EN);

        assertThat(markdown).startsWith("### GPUs held idle: train-llm (slurm:hpc:4242)\n> Owner: zhangwei");
        assertThat(markdown.lines().skip(1)).allMatch(line -> line.startsWith("> "));
    }
}

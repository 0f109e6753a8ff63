package io.headroom.agent.reclaim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A notice in words, in Chinese or English: a title and lines, as plain text or markdown. */
public final class NoticeText {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private NoticeText() {}

    public static String title(OwnerNotice notice, NoticeLanguage language) {
        String name = displayName(notice);
        return switch (language) {
            case ZH_CN -> "GPU 闲置占用提醒:" + name;
            case EN -> "GPUs held idle: " + name;
        };
    }

    /** The facts, one a line, without the title. */
    public static List<String> lines(OwnerNotice notice, NoticeLanguage language) {
        boolean zh = language == NoticeLanguage.ZH_CN;
        var w = notice.workload();
        List<String> lines = new ArrayList<>();
        String owner = notice.owner().isEmpty() ? (zh ? "未知" : "unknown") : notice.owner();
        String account = w.getAccount().isEmpty() ? "" : (zh ? "(账户 " : " (account ") + w.getAccount() + ")";
        lines.add((zh ? "所有者:" : "Owner: ") + owner + account);
        if (!w.getPool().isEmpty()) {
            lines.add((zh ? "资源池:" : "Pool: ") + w.getPool());
        }
        if (!w.getNamespace().isEmpty()) {
            lines.add((zh ? "命名空间:" : "Namespace: ") + w.getNamespace());
        }
        lines.add((zh
                        ? "GPU(" + notice.gpus().size() + " 块):"
                        : "GPUs (" + notice.gpus().size() + "): ")
                + notice.gpus().stream().map(OwnerNotice::describe).collect(Collectors.joining(", ")));
        lines.add((zh ? "闲置开始:" : "Idle since: ") + idleSince(notice, zh));
        lines.add((zh ? "浪费的 GPU 小时:" : "GPU-hours wasted: ")
                + (Double.isNaN(notice.gpuHoursIdle())
                        ? (zh ? "未知" : "unknown")
                        : String.format(Locale.ROOT, "%.1f", notice.gpuHoursIdle())));
        lines.add((zh ? "最近一小时利用率:" : "Utilisation, last hour: ") + utilisation(notice.utilisation(), zh));
        if (!notice.note().isBlank()) {
            lines.add((zh ? "备注:" : "Note: ") + notice.note().strip());
        }
        if (!notice.consoleLink().isEmpty()) {
            lines.add((zh ? "控制台:" : "Console: ") + notice.consoleLink());
        }
        return lines;
    }

    public static String plain(OwnerNotice notice, NoticeLanguage language) {
        return title(notice, language) + "\n" + String.join("\n", lines(notice, language));
    }

    public static String markdown(OwnerNotice notice, NoticeLanguage language) {
        StringBuilder text =
                new StringBuilder("### ").append(title(notice, language)).append('\n');
        for (String line : lines(notice, language)) {
            text.append("> ").append(line).append("\n");
        }
        return text.toString().stripTrailing();
    }

    private static String displayName(OwnerNotice notice) {
        var w = notice.workload();
        return w.getName().isEmpty() ? w.getId() : w.getName() + " (" + w.getId() + ")";
    }

    private static String idleSince(OwnerNotice notice, boolean zh) {
        if (notice.idleSince().isEmpty()) {
            return zh ? "未知" : "unknown";
        }
        long since = notice.idleSince().getAsLong();
        long minutes = Math.max(0, notice.atMillis() - since) / 60_000;
        String span = zh
                ? (minutes >= 60 ? minutes / 60 + " 小时 " + minutes % 60 + " 分钟" : minutes + " 分钟")
                : (minutes >= 60 ? minutes / 60 + " h " + minutes % 60 + " min" : minutes + " min");
        return WHEN.format(Instant.ofEpochMilli(since)) + (zh ? "(已 " + span + ")" : " (" + span + ")");
    }

    private static String utilisation(UtilisationSummary summary, boolean zh) {
        if (summary == null) {
            return zh ? "未知" : "unknown";
        }
        String figures = String.format(
                Locale.ROOT,
                zh ? "最低 %.0f%%,平均 %.0f%%,最高 %.0f%%" : "min %.0f%%, avg %.0f%%, max %.0f%%",
                summary.minPct(),
                summary.avgPct(),
                summary.maxPct());
        return summary.sparkline() + (zh ? "(" + figures + ")" : " (" + figures + ")");
    }
}

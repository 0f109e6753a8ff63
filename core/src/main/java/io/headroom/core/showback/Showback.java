package io.headroom.core.showback;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Showback (按量计费) of one answer: each group's hours per period, each group's hours over
 * the whole range, the totals, and the idle share of each day. Lines are sorted by held idle,
 * most first: the hours a holder had and did not use are what a manager asks about.
 */
public final class Showback {

    private static final Comparator<ShowbackLine> MOST_HELD_IDLE = Comparator.comparingDouble(
                    (ShowbackLine l) -> -l.hours().heldIdle())
            .thenComparingDouble(l -> -l.hours().allocated())
            .thenComparing(ShowbackLine::key);

    private final UsageAnswer answer;
    private final ShowbackPeriod period;
    private final List<ShowbackLine> lines;
    private final List<ShowbackLine> byKey;
    private final ShowbackHours total;
    private final List<DayIdleShare> days;

    private Showback(UsageAnswer answer, ShowbackPeriod period) {
        this.answer = answer;
        this.period = period;
        Map<Long, Map<String, ShowbackHours>> perPeriod = new TreeMap<>();
        Map<String, ShowbackHours> perKey = new TreeMap<>();
        Map<Long, ShowbackHours> perDay = new TreeMap<>();
        ShowbackHours sum = ShowbackHours.NONE;
        for (UsageRow row : answer.rows()) {
            ShowbackHours hours = ShowbackHours.of(row);
            perPeriod
                    .computeIfAbsent(period.start(row.periodStartMs()), p -> new TreeMap<>())
                    .merge(row.key(), hours, ShowbackHours::plus);
            perKey.merge(row.key(), hours, ShowbackHours::plus);
            perDay.merge(ShowbackPeriod.DAY.start(row.periodStartMs()), hours, ShowbackHours::plus);
            sum = sum.plus(hours);
        }
        List<ShowbackLine> all = new ArrayList<>();
        perPeriod.forEach((start, keys) -> {
            List<ShowbackLine> inPeriod = new ArrayList<>();
            keys.forEach((key, hours) -> inPeriod.add(new ShowbackLine(start, key, hours)));
            inPeriod.sort(MOST_HELD_IDLE);
            all.addAll(inPeriod);
        });
        this.lines = List.copyOf(all);
        List<ShowbackLine> keys = new ArrayList<>();
        perKey.forEach((key, hours) -> keys.add(new ShowbackLine(answer.query().fromMs(), key, hours)));
        keys.sort(MOST_HELD_IDLE);
        this.byKey = List.copyOf(keys);
        this.total = sum;
        List<DayIdleShare> shares = new ArrayList<>();
        perDay.forEach((day, hours) -> {
            double known = hours.busy() + hours.heldIdle() + hours.free() + hours.drained() + hours.faulted();
            shares.add(new DayIdleShare(
                    day,
                    known > 0 ? hours.heldIdle() / known : Double.NaN,
                    known > 0 ? hours.free() / known : Double.NaN,
                    hours.unaccountedShare()));
        });
        this.days = List.copyOf(shares);
    }

    public static Showback of(UsageAnswer answer, ShowbackPeriod period) {
        return new Showback(answer, period);
    }

    public UsageAnswer answer() {
        return answer;
    }

    public ShowbackPeriod period() {
        return period;
    }

    /** Per period (oldest first), and within one by held idle, most first. */
    public List<ShowbackLine> lines() {
        return lines;
    }

    /** Each group over the whole range, by held idle, most first; their period is the range's start. */
    public List<ShowbackLine> byKey() {
        return byKey;
    }

    public ShowbackHours total() {
        return total;
    }

    /** The days the answer had rows for, oldest first. */
    public List<DayIdleShare> days() {
        return days;
    }
}

package io.headroom.app.report;

import io.headroom.core.showback.DayIdleShare;
import io.headroom.core.showback.Showback;
import io.headroom.core.showback.ShowbackHours;
import io.headroom.core.showback.ShowbackLine;
import io.headroom.views.Messages;
import io.headroom.views.showback.ShowbackPdf;
import io.headroom.views.showback.ShowbackText;
import io.headroom.views.showback.ShowbackView;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;

/**
 * The one-page showback report (A4 landscape): title, site, range, a compact chart of the idle
 * share by day, the groups with the most held idle GPU-hours, the totals and when it was made.
 * Text in Noto Sans CJK (its outlines, see {@link Type3Subset}), so Chinese and English render alike.
 */
public final class ShowbackReportPdf implements ShowbackPdf {

    /** Groups listed before the rest are summed into one line. */
    public static final int TOP = 12;

    private static final Color INK = new Color(0x17, 0x20, 0x2b);
    private static final Color MUTED = new Color(0x56, 0x62, 0x73);
    private static final Color RULE = new Color(0xd3, 0xda, 0xe3);
    // The console's Okabe-Ito state colours: held idle, free idle, and grey for unknown.
    private static final Color HELD = new Color(0xe6, 0x9f, 0x00);
    private static final Color FREE = new Color(0x00, 0x9e, 0x73);
    private static final Color UNKNOWN = new Color(0xae, 0xb5, 0xbf);

    private final Path fontFile;
    private final Clock clock;

    public ShowbackReportPdf(Path fontFile, Clock clock) {
        this.fontFile = fontFile;
        this.clock = clock;
    }

    /** With the Chinese font found on this machine; the exception names where it looked. */
    public static ShowbackReportPdf withSystemFont(Clock clock) throws IOException {
        return new ShowbackReportPdf(ChineseFont.find(), clock);
    }

    @Override
    public void write(Showback showback, Messages messages, Path file) throws IOException {
        try (var face = ChineseFont.open(fontFile);
                var document = new PDDocument()) {
            var outlines = new OutlineFont(face.font());
            var page = new PDPage(new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth()));
            document.addPage(page);
            var text = new ShowbackText(messages, showback.answer().query().grouping());
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(messages.get("report.title"));
            info.setCreator("Headroom");
            // First pass: which characters the page uses; second: the page, drawn with only those glyphs.
            var used = new TreeSet<Integer>();
            new Layout(new PageInk(outlines, used, null), page.getMediaBox(), showback, text, clock.instant()).draw();
            var subset = new Type3Subset(document, outlines, used);
            var resources = new PDResources();
            for (int i = 0; i < subset.fonts().size(); i++) {
                resources.put(COSName.getPDFName("F" + i), subset.fonts().get(i));
            }
            page.setResources(resources);
            var ink = new PageInk(outlines, used, subset);
            new Layout(ink, page.getMediaBox(), showback, text, clock.instant()).draw();
            var content = new PDStream(document, new java.io.ByteArrayInputStream(ink.bytes()), COSName.FLATE_DECODE);
            page.setContents(content);
            document.save(file.toFile());
        }
    }

    /** One page drawn top to bottom. */
    private static final class Layout {
        private static final float MARGIN = 36;

        private final PageInk ink;
        private final PDRectangle box;
        private final Showback showback;
        private final ShowbackText text;
        private final Messages messages;
        private final Instant generated;
        private float y;

        Layout(PageInk ink, PDRectangle box, Showback showback, ShowbackText text, Instant generated) {
            this.ink = ink;
            this.box = box;
            this.showback = showback;
            this.text = text;
            this.messages = text.messages();
            this.generated = generated;
            this.y = box.getHeight() - MARGIN;
        }

        void draw() throws IOException {
            var query = showback.answer().query();
            var day = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
            write(MARGIN, y - 18, 18, INK, messages.get("report.title"));
            y -= 38;
            String site = showback.answer().servers().isEmpty()
                    ? messages.get("value.none")
                    : String.join(", ", showback.answer().servers());
            write(MARGIN, y, 10, MUTED, messages.format("report.site", site));
            y -= 14;
            long days = (query.toMs() - query.fromMs()) / 86_400_000L;
            write(
                    MARGIN,
                    y,
                    10,
                    MUTED,
                    messages.format(
                            "report.range",
                            day.format(Instant.ofEpochMilli(query.fromMs())),
                            day.format(Instant.ofEpochMilli(query.toMs() - 1)),
                            days,
                            text.groupingName(query.grouping())));
            y -= 22;
            chart(MARGIN, y, box.getWidth() - 2 * MARGIN, 140);
            y -= 190;
            table();
            footer();
        }

        /** Idle share of known GPU-hours per day: held idle below, free idle above, unknown as a grey cap. */
        private void chart(float x, float top, float width, float height) throws IOException {
            write(x, top - 10, 11, INK, messages.get("report.chart.title"));
            float legendX = x + width;
            for (var entry : List.of(
                    List.of(UNKNOWN, messages.get("report.chart.unknown")),
                    List.of(FREE, messages.get("report.chart.free")),
                    List.of(HELD, messages.get("report.chart.held")))) {
                String label = (String) entry.get(1);
                legendX -= width(label, 8) + 22;
                fill((Color) entry.get(0), legendX, top - 11, 8, 8);
                write(legendX + 11, top - 10, 8, MUTED, label);
            }
            float chartTop = top - 18;
            float bottom = chartTop - height;
            float left = x + 28;
            float right = x + width;
            stroke(RULE, left, bottom, right, bottom);
            stroke(RULE, left, bottom + height / 2, right, bottom + height / 2);
            stroke(RULE, left, chartTop, right, chartTop);
            write(x, bottom - 3, 7, MUTED, "0%");
            write(x, bottom + height / 2 - 3, 7, MUTED, "50%");
            write(x, chartTop - 3, 7, MUTED, "100%");
            List<DayIdleShare> days = showback.days();
            if (days.isEmpty()) {
                write(left + 8, bottom + height / 2 + 6, 9, MUTED, messages.get("showback.empty"));
                return;
            }
            float slot = (right - left) / days.size();
            float bar = Math.max(1, Math.min(28, slot * 0.7f));
            var label = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
            int every = Math.max(1, (int) Math.ceil(days.size() / 16.0));
            for (int i = 0; i < days.size(); i++) {
                DayIdleShare share = days.get(i);
                float barX = left + i * slot + (slot - bar) / 2;
                if (Double.isNaN(share.heldIdleShare())) {
                    fill(UNKNOWN, barX, bottom, bar, height);
                } else {
                    float held = (float) share.heldIdleShare() * height;
                    float free = (float) share.freeIdleShare() * height;
                    fill(HELD, barX, bottom, bar, held);
                    fill(FREE, barX, bottom + held, bar, free);
                    if (share.unaccountedShare() > 0) {
                        float cap = Math.max(1, (float) share.unaccountedShare() * height);
                        fill(UNKNOWN, barX, chartTop - cap, bar, cap);
                    }
                }
                if (i % every == 0) {
                    String day = label.format(Instant.ofEpochMilli(share.dayStartMs()));
                    write(barX + bar / 2 - width(day, 7) / 2, bottom - 10, 7, MUTED, day);
                }
            }
        }

        private void table() throws IOException {
            List<ShowbackLine> byKey = showback.byKey();
            write(MARGIN, y, 11, INK, messages.format("report.top", Math.min(TOP, byKey.size())));
            y -= 16;
            String[] headers = {
                text.groupingName(showback.answer().query().grouping()),
                messages.get("showback.column.allocated"),
                messages.get("showback.column.busy"),
                messages.get("showback.column.held-idle"),
                messages.get("showback.column.held-idle-share"),
                messages.get("showback.column.free"),
                messages.get("showback.column.unaccounted"),
                messages.get("showback.column.allocated-pflops")
            };
            float[] columns = {MARGIN, 200, 290, 375, 465, 550, 625, 715};
            float rightEdge = box.getWidth() - MARGIN;
            for (int c = 0; c < headers.length; c++) {
                cell(columns, c, rightEdge, 8, MUTED, headers[c]);
            }
            y -= 5;
            stroke(RULE, MARGIN, y, rightEdge, y);
            y -= 12;
            ShowbackHours others = ShowbackHours.NONE;
            int rest = 0;
            for (int i = 0; i < byKey.size(); i++) {
                if (i < TOP) {
                    row(
                            columns,
                            rightEdge,
                            text.key(byKey.get(i).key()),
                            byKey.get(i).hours(),
                            false);
                } else {
                    others = others.plus(byKey.get(i).hours());
                    rest++;
                }
            }
            if (rest > 0) {
                row(columns, rightEdge, messages.format("report.others", rest), others, false);
            }
            y += 4;
            stroke(RULE, MARGIN, y, rightEdge, y);
            y -= 12;
            row(columns, rightEdge, messages.get("report.total"), showback.total(), true);
            if (!showback.answer().gaps().isEmpty()) {
                y -= 4;
                var gap = showback.answer().gaps().getFirst();
                write(
                        MARGIN,
                        y,
                        8,
                        MUTED,
                        messages.format("report.gaps", showback.answer().gaps().size()) + " (" + gap.who() + ": "
                                + gap.reason() + ")");
                y -= 12;
            }
        }

        private void row(float[] columns, float rightEdge, String name, ShowbackHours h, boolean bold)
                throws IOException {
            String[] cells = {
                name,
                text.hours(h.allocated()),
                text.hours(h.busy()),
                text.hours(h.heldIdle()),
                text.heldIdleShare(h),
                text.hours(h.free()),
                text.unaccounted(h),
                text.pflops(h, h.allocatedPflops())
            };
            if (h.heldIdleShare() >= ShowbackView.HIGH_HELD_IDLE_SHARE) {
                fill(HELD, columns[4] + 4, y - 3, columns[5] - columns[4] - 4, 12);
            }
            for (int c = 0; c < cells.length; c++) {
                cell(columns, c, rightEdge, bold ? 9.5f : 9, INK, cells[c]);
            }
            y -= 14;
        }

        /** The first column left-aligned, figures right-aligned to the next column's start. */
        private void cell(float[] columns, int c, float rightEdge, float size, Color color, String value)
                throws IOException {
            if (c == 0) {
                write(columns[0], y, size, color, clip(value, size, columns[1] - columns[0] - 8));
            } else {
                float end = (c + 1 < columns.length ? columns[c + 1] : rightEdge) - 4;
                // A long column name is cut, not run into its neighbour's.
                String fitted = clip(value, size, end - columns[c] - 6);
                write(end - width(fitted, size), y, size, color, fitted);
            }
        }

        private void footer() throws IOException {
            float size = 7.5f;
            float maxWidth = box.getWidth() - 2 * MARGIN;
            List<String> lines = wrap(messages.get("showback.definitions"), size, maxWidth);
            float at = MARGIN + 12 + lines.size() * 10;
            for (String line : lines) {
                write(MARGIN, at, size, MUTED, line);
                at -= 10;
            }
            String when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
                    .withZone(ZoneOffset.UTC)
                    .format(generated);
            write(MARGIN, MARGIN, 8, MUTED, messages.format("report.generated", when));
        }

        private List<String> wrap(String paragraph, float size, float maxWidth) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            // By character: Chinese has no spaces to break at.
            for (int i = 0; i < paragraph.length(); i++) {
                line.append(paragraph.charAt(i));
                if (width(line.toString(), size) > maxWidth) {
                    int space = line.lastIndexOf(" ");
                    // A space near the end breaks English between words; Chinese breaks anywhere.
                    int cut = space > line.length() * 4 / 5 ? space : line.length() - 1;
                    lines.add(line.substring(0, cut).strip());
                    line = new StringBuilder(line.substring(cut).stripLeading());
                }
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
            }
            return lines;
        }

        private String clip(String value, float size, float maxWidth) throws IOException {
            if (width(value, size) <= maxWidth) {
                return value;
            }
            String clipped = value;
            while (!clipped.isEmpty() && width(clipped + "…", size) > maxWidth) {
                clipped = clipped.substring(0, clipped.length() - 1);
            }
            return clipped + "…";
        }

        private float width(String value, float size) throws IOException {
            return ink.width(value, size);
        }

        private void write(float x, float baseline, float size, Color color, String value) throws IOException {
            ink.text(x, baseline, size, color, value);
        }

        private void fill(Color color, float x, float bottom, float width, float height) {
            ink.fill(color, x, bottom, width, height);
        }

        private void stroke(Color color, float x1, float y1, float x2, float y2) {
            ink.line(color, x1, y1, x2, y2);
        }
    }
}

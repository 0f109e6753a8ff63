package io.headroom.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.headroom.agent.history.FleetHistory;
import io.headroom.agent.operations.NoOperations;
import io.headroom.agent.server.AgentService;
import io.headroom.agent.server.ServedFleet;
import io.headroom.agent.server.TelemetryHub;
import io.headroom.client.showback.UsageClient;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.showback.Showback;
import io.headroom.core.showback.ShowbackGrouping;
import io.headroom.core.showback.ShowbackPeriod;
import io.headroom.core.showback.UsageAnswer;
import io.headroom.core.showback.UsageQuery;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryChunk;
import io.headroom.protocol.v1.HistoryGap;
import io.headroom.protocol.v1.HistoryGrouping;
import io.headroom.protocol.v1.HistoryResolution;
import io.headroom.protocol.v1.HistoryRow;
import io.headroom.protocol.v1.Inventory;
import io.headroom.views.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The showback report end to end: GetHistory over in-process gRPC from a server whose
 * FleetHistory answers rows worked out by hand, in two chunks with a gap; then the PDF in
 * Chinese, read back with PDFBox and drawn as a picture.
 */
class ShowbackReportTest {

    static final long FROM = Instant.parse("2026-11-29T00:00:00Z").toEpochMilli();
    static final long DAY = 86_400_000L;
    static final long HOUR = 3600;

    @TempDir
    Path directory;

    private final List<GetHistoryRequest> asked = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.ExecutorService streams = Executors.newVirtualThreadPerTaskExecutor();
    private Server server;
    private ManagedChannel channel;

    /** Seven days by tenant: notebooks hold 16 GPUs mostly idle, physics 64 mostly busy, 12 free. */
    private final FleetHistory history = (request, observer) -> {
        asked.add(request);
        var first = HistoryChunk.newBuilder()
                .setServerId("relay-hall-a")
                .setResolution(request.getResolution())
                .setGrouping(request.getGrouping());
        var second = first.clone().setLast(true);
        for (int d = 0; d < 7; d++) {
            long day = FROM + d * DAY;
            var chunk = d < 4 ? first : second;
            chunk.addRows(row(day, "物理所", 64, 1400, 80, 0, 56, 64 * 989.0));
            chunk.addRows(row(day, "notebooks", 16, 60, 300, 0, 24, 16 * 989.0));
            chunk.addRows(row(day, "", 12, 0, 0, 288, 0, 0));
        }
        second.addGaps(HistoryGap.newBuilder()
                .setHostname("gpu-b07-n03")
                .setFromMs(FROM + 5 * DAY)
                .setToMs(FROM + 7 * DAY)
                .setReason("agent unreachable"));
        observer.onNext(first.build());
        observer.onNext(second.build());
        observer.onCompleted();
    };

    static HistoryRow row(
            long day, String key, int gpus, long busyH, long heldH, long freeH, long uncoveredH, double peak) {
        return HistoryRow.newBuilder()
                .setPeriodStartMs(day)
                .setKey(key)
                .setAccelerators(gpus)
                .setBusyS(busyH * HOUR)
                .setHeldIdleS(heldH * HOUR)
                .setFreeIdleS(freeH * HOUR)
                .setUncoveredS(uncoveredH * HOUR)
                .setPeakTflops(peak)
                .build();
    }

    private UsageClient client(FleetHistory served) throws Exception {
        String name = InProcessServerBuilder.generateName();
        ServedFleet fleet = new ServedFleet() {
            @Override
            public Inventory inventory() {
                return Inventory.getDefaultInstance();
            }

            @Override
            public FleetTelemetry latest() {
                throw new UnsupportedOperationException("history only");
            }

            @Override
            public TelemetryHub hub() {
                throw new UnsupportedOperationException("history only");
            }

            @Override
            public FleetHistory history() {
                return served;
            }
        };
        server = InProcessServerBuilder.forName(name)
                .addService(io.grpc.ServerInterceptors.intercept(
                        new AgentService(fleet, new NoOperations("test"), streams, java.time.InstantSource.system()),
                        new io.headroom.agent.access.CallerInterceptor(
                                io.headroom.agent.access.AccessPolicy.WATCH_ONLY)))
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).build();
        return new UsageClient(Map.of("relay:50051", channel), "test");
    }

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (server != null) {
            server.shutdownNow();
        }
        streams.shutdownNow();
    }

    private UsageAnswer fetch() throws Exception {
        return client(history)
                .fetch(new UsageQuery(FROM, FROM + 7 * DAY, ShowbackGrouping.TENANT))
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void getHistoryByTenantInDaysStreamsEveryChunkAndTheGap() throws Exception {
        UsageAnswer answer = fetch();
        var request = asked.getFirst();
        assertThat(request.getResolution()).isEqualTo(HistoryResolution.HISTORY_RESOLUTION_DAY);
        assertThat(request.getGrouping()).isEqualTo(HistoryGrouping.HISTORY_GROUPING_TENANT);
        assertThat(request.getFromMs()).isEqualTo(FROM);
        assertThat(answer.rows()).hasSize(21);
        assertThat(answer.servers()).containsExactly("relay-hall-a");
        assertThat(answer.gaps())
                .singleElement()
                .satisfies(g -> assertThat(g.who()).isEqualTo("gpu-b07-n03"));
        var showback = Showback.of(answer, ShowbackPeriod.WEEK);
        // notebooks: 7 x 300 held idle of 7 x 360 allocated.
        var notebooks = showback.byKey().getFirst();
        assertThat(notebooks.key()).isEqualTo("notebooks");
        assertThat(notebooks.hours().heldIdle()).isEqualTo(2100.0);
        assertThat(notebooks.hours().allocated()).isEqualTo(2520.0);
    }

    @Test
    void anAgentThatCannotAnswerIsNamed() throws Exception {
        var failing = client(FleetHistory.NONE).fetch(new UsageQuery(FROM, FROM + DAY, ShowbackGrouping.POOL));
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS))
                .hasMessageContaining("no agent answered for history: relay:50051:")
                .hasMessageContaining("this server keeps no history");
    }

    @Test
    void theChinesePdfReadsBackAndIsDrawnAsAPicture() throws Exception {
        Path font;
        try {
            font = ChineseFont.find();
        } catch (java.io.IOException missing) {
            assumeTrue(false, missing.getMessage());
            return;
        }
        var showback = Showback.of(fetch(), ShowbackPeriod.DAY);
        Path pdf = directory.resolve("report-zh-CN.pdf");
        var clock = Clock.fixed(Instant.parse("2026-12-06T06:00:00Z"), ZoneOffset.UTC);
        new ShowbackReportPdf(font, clock).write(showback, new Messages(Locale.SIMPLIFIED_CHINESE), pdf);

        try (var document = Loader.loadPDF(pdf.toFile())) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("GPU 按量计费报表");
            assertThat(text).contains("站点：relay-hall-a");
            assertThat(text).contains("2026-11-29 至 2026-12-05");
            assertThat(text).contains("物理所");
            // notebooks: 2,520 allocated, 2,100 held idle, 83.3 % of it.
            assertThat(text).contains("2,520.0").contains("2,100.0").contains("83.3%");
            assertThat(text).contains("（无人）");
            assertThat(text).contains("2026-12-06 06:00 UTC");
        }
        // Only the glyphs used: the whole CJK face would be 16 MB.
        assertThat(Files.size(pdf)).isLessThan(200_000);
        Path png = Path.of("target", "screenshots", "report-zh-CN.png");
        Files.createDirectories(png.getParent());
        PdfPicture.firstPage(pdf, png);
        assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isGreaterThan(1500);
    }

    @Test
    void theEnglishPdfReadsBackToo() throws Exception {
        Path font;
        try {
            font = ChineseFont.find();
        } catch (java.io.IOException missing) {
            assumeTrue(false, missing.getMessage());
            return;
        }
        var showback = Showback.of(fetch(), ShowbackPeriod.DAY);
        Path pdf = directory.resolve("report-en.pdf");
        var clock = Clock.fixed(Instant.parse("2026-12-06T06:00:00Z"), ZoneOffset.UTC);
        new ShowbackReportPdf(font, clock).write(showback, new Messages(Locale.US), pdf);
        try (var document = Loader.loadPDF(pdf.toFile())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("GPU showback report").contains("Site: relay-hall-a");
            assertThat(text)
                    .contains("Top 3 by held idle GPU-hours")
                    .contains("(nobody)")
                    .contains("83.3%");
            assertThat(text).contains("1 gap: its hours are counted as unknown, not idle");
        }
        PdfPicture.firstPage(pdf, Path.of("target", "screenshots", "report-en.png"));
    }

    @Test
    void withoutAFontTheFinderNamesWhereItLooked() {
        assertThatThrownBy(() -> ChineseFont.find(null, List.of(Path.of("/nowhere/NotoSansCJK-Regular.ttc"))))
                .hasMessage("no font that renders Chinese: looked for Noto Sans CJK (install fonts-noto-cjk) at "
                        + "/nowhere/NotoSansCJK-Regular.ttc; or set HEADROOM_REPORT_FONT to a CJK .ttf/.otf/.ttc");
        assertThatThrownBy(() -> ChineseFont.find("/nowhere.ttf", List.of()))
                .hasMessage("HEADROOM_REPORT_FONT names /nowhere.ttf, which cannot be read");
    }
}

package io.headroom.views.operations;

import static io.headroom.views.operations.OperationsScenario.AUDIT;
import static io.headroom.views.operations.OperationsScenario.NOW;
import static io.headroom.views.operations.OperationsScenario.ROWS;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.views.Messages;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Operations page's words, counts, filters and detail, without a toolkit. */
class OperationsViewModelTest {

    /** The outbox's and the agent's state names, as the store and the protocol spell them. */
    private static final Pattern ENUM_NAME = Pattern.compile(
            "\\b(QUEUED|SENDING|DELIVERED|CONFLICT|REJECTED|DISMISSED|RETRIED|APPLIED|IN_PROGRESS|PLANNED|SILENCED"
                    + "|LIFTED|TRUSTED|NEEDS_YOU|WAITING|DONE)\\b");

    private final OperationsViewModel model = new OperationsViewModel(new Messages(Locale.US), ZoneOffset.UTC);

    @Test
    void everyStateAndAnswerReadsInWordsNeverAsAnEnumName() {
        model.showOperations(ROWS, NOW);
        model.showAudit(AUDIT);
        assertThat(model.operations())
                .extracting(OperationLine::state)
                .containsExactly(
                        "Conflict \u2014 decide",
                        "Refused \u2014 decide",
                        "Queued",
                        "Sending",
                        "Delivered",
                        "Dismissed");
        assertThat(model.operations().get(4).answer()).startsWith("Done: scontrol update NodeName=gpu-h1-a01-n4");
        assertThat(model.operations().get(1).action()).isEqualTo("Re-slice \u00b7 GPU 3 into 2 slices");
        assertThat(shownText(model)).noneMatch(text -> ENUM_NAME.matcher(text).find());
    }

    @Test
    void theChinesePageHasNoEnglishStateOrResult() {
        var chinese = new OperationsViewModel(new Messages(Locale.SIMPLIFIED_CHINESE), ZoneOffset.UTC);
        chinese.showOperations(ROWS, NOW);
        chinese.showAudit(AUDIT);
        assertThat(shownText(chinese)).noneMatch(text -> ENUM_NAME.matcher(text).find());
        assertThat(chinese.operations()).extracting(OperationLine::state).contains("\u6392\u961f\u4e2d");
        assertThat(chinese.audit()).extracting(AuditLine::result).contains("\u5df2\u9759\u9ed8");
        assertThat(chinese.countsProperty().get())
                .isEqualTo("2 \u9879\u7b49\u5f85\u53d1\u9001 \u00b7 2 \u9879\u9700\u8981\u60a8\u51b3\u5b9a");
    }

    @Test
    void theCountsSayWhatWaitsAndWhatNeedsADecision() {
        assertThat(model.countsProperty().get()).isEqualTo("Reading the outbox\u2026");
        model.showOperations(ROWS, NOW);
        assertThat(model.waitingProperty().get()).isEqualTo(2);
        assertThat(model.needsYouProperty().get()).isEqualTo(2);
        assertThat(model.countsProperty().get()).isEqualTo("2 waiting to be sent \u00b7 2 need your decision");
        model.showOperations(List.of(ROWS.get(4), ROWS.get(5)), NOW);
        assertThat(model.countsProperty().get()).isEqualTo("Nothing waiting to be sent, nothing to decide");
        model.showOperations(List.of(), NOW);
        assertThat(model.countsProperty().get()).isEqualTo("Nothing in the outbox");
        assertThat(model.needsYouProperty().get()).isZero();
    }

    @Test
    void aQueuedOperationSaysWhenItIsTriedAgainAndNoOtherDoes() {
        model.showOperations(ROWS, NOW);
        assertThat(model.operations())
                .extracting(OperationLine::nextTry)
                .containsExactly("", "", "in 40 s", "", "", "");
        assertThat(model.operations().get(0).tries()).isEqualTo("1");
        assertThat(model.operations().get(2).tries()).isEqualTo("3 \u00b7 in 40 s");
        model.showOperations(ROWS, NOW.plusSeconds(41));
        assertThat(model.operations().get(2).nextTry()).isEqualTo("due now");
    }

    @Test
    void filtersByStageAndBySearchingBothLists() {
        model.showOperations(ROWS, NOW);
        model.showAudit(AUDIT);
        model.stageFilterProperty().set(OperationStage.NEEDS_YOU);
        assertThat(model.operations()).extracting(OperationLine::key).containsExactly("k-conflict", "k-rejected");
        model.stageFilterProperty().set(OperationStage.WAITING);
        assertThat(model.operations()).extracting(OperationLine::key).containsExactly("k-queued", "k-sending");
        model.stageFilterProperty().set(null);
        model.searchProperty().set("  Rack PDU ");
        assertThat(model.operations()).extracting(OperationLine::key).containsExactly("k-delivered");
        assertThat(model.audit()).extracting(a -> a.row().seq()).containsExactly(6L);
        model.searchProperty().set("alice@noc");
        assertThat(model.operations())
                .as("the agent's answer is searched too")
                .extracting(OperationLine::key)
                .containsExactly("k-conflict");
        model.searchProperty().set("");
        assertThat(model.operations()).hasSize(ROWS.size());
        assertThat(model.audit()).hasSize(AUDIT.size());
    }

    @Test
    void theDetailHoldsTheWholeAnswerAndWhatToDo() {
        model.showOperations(ROWS, NOW);
        String detail = model.detail(model.operations().getFirst());
        assertThat(detail)
                .contains(OperationsScenario.CONFLICT_ANSWER)
                .contains("Drain \u00b7 gpu-h1-a03-n2")
                .contains("State: Conflict \u2014 decide")
                .contains("Why: replace GPU 3 after XID 79, OPS-1234")
                .contains("Retry sends it again")
                .contains("Idempotency key: k-conflict");
        String sending = model.detail(model.operations().get(3));
        assertThat(sending).contains("No answer yet").doesNotContain("Retry sends it again");
    }

    @Test
    void anAuditEntryReadsInTheSameWordsAsItsOperation() {
        model.showAudit(AUDIT);
        assertThat(model.audit().get(2).action())
                .as("before the outbox is read, the log's own words")
                .isEqualTo("reassign GPUs 0, 1 to pool infer tenant acme");
        model.showOperations(ROWS, NOW);
        assertThat(model.audit())
                .extracting(AuditLine::action)
                .containsExactly(
                        "Drain",
                        "Silence incident",
                        "Reassign \u00b7 GPU 0, 1 \u2192 pool infer, tenant acme",
                        "Drain",
                        "requeue slurm:h1:88123");
        assertThat(model.audit())
                .extracting(AuditLine::result)
                .containsExactly("Conflict", "Silenced", "Queued", "Done", "Dismissed");
        assertThat(model.detail(model.audit().get(1)))
                .contains("Particulars:")
                .contains("until 2026-12-06T09:00:00Z")
                .contains("Audit entry 8");
    }

    @Test
    void theSameRowsReadAgainChangeNothing() {
        List<OperationRow> done =
                ROWS.stream().filter(r -> !r.state().equals("QUEUED")).toList();
        assertThat(model.showOperations(done, NOW)).isTrue();
        assertThat(model.showOperations(done, NOW.plusSeconds(2))).isFalse();
        assertThat(model.showOperations(ROWS, NOW.plusSeconds(2))).isTrue();
        assertThat(model.showOperations(ROWS, NOW.plusSeconds(4)))
                .as("a queued operation's next try moves with the clock")
                .isTrue();
        assertThat(model.showAudit(AUDIT)).isTrue();
        assertThat(model.showAudit(List.copyOf(AUDIT))).isFalse();
    }

    private static List<String> shownText(OperationsViewModel model) {
        return Stream.concat(
                        model.operations().stream()
                                .flatMap(l ->
                                        Stream.of(l.state(), l.action(), l.answer(), l.nextTry(), model.detail(l))),
                        model.audit().stream().flatMap(a -> Stream.of(a.action(), a.result())))
                .toList();
    }
}
